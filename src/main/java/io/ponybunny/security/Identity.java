package io.ponybunny.security;

import java.security.Principal;
import java.time.Instant;

/**
 * Who a request or a socket acts for: the principal's name (the owner of what it creates), its
 * role, and the credential it presented, so that a socket can be closed once that credential is
 * revoked or expires.
 *
 * @param name the principal (a local account, an API key's owner or a token's {@code upn})
 * @param role what it may do
 * @param via how it signed in
 * @param credentialId the session's hash, the API key's id or the token's id (never a secret)
 * @param expiresAt when the credential stops being valid, or null
 * @param csrfToken the session's anti-CSRF token (sessions only), else null
 */
public record Identity(
    String name, Role role, Via via, String credentialId, Instant expiresAt, String csrfToken)
    implements Principal {

  /** The request attribute holding the current request's identity. */
  public static final String ATTRIBUTE = Identity.class.getName();

  /** How a caller presented its identity. */
  public enum Via {
    /** The console's session cookie (local account or single sign-on). */
    SESSION,
    /** An API key in {@code Authorization: Bearer}. */
    KEY,
    /** A MicroProfile JWT in {@code Authorization: Bearer}. */
    JWT;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Override
  public String getName() {
    return name;
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** Whether this identity may see or act on what {@code owner} owns. */
  public boolean mayAccess(String owner) {
    return isAdmin() || name.equals(owner);
  }

  /** Whether the credential has expired at {@code now}. */
  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    // Never the CSRF token.
    return "Identity[" + name + ", " + role.wireName() + ", " + via.wireName() + "]";
  }
}
