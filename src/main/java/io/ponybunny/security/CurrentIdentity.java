package io.ponybunny.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAuthorizedException;

/** The identity of the request being handled (set by {@link AuthMechanism}). */
@RequestScoped
public class CurrentIdentity {

  @Inject HttpServletRequest request;

  /** The caller; a request without one never reaches a protected resource. */
  public Identity get() {
    Object id = request.getAttribute(Identity.ATTRIBUTE);
    if (id instanceof Identity i) {
      return i;
    }
    throw new NotAuthorizedException("Bearer realm=\"ponybunny\"");
  }

  /** The caller's address (for the audit log). */
  public String address() {
    return request.getRemoteAddr();
  }

  /** The owner filter for listings: null for admins (everyone's), else the caller's name. */
  public String ownerFilter() {
    Identity i = get();
    return i.isAdmin() ? null : i.name();
  }
}
