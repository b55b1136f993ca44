package io.ponybunny.web.rest;

import io.ponybunny.quota.QuotaExceededException;
import io.ponybunny.quota.Quotas;
import io.ponybunny.security.CurrentIdentity;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Counts a {@link RequestQuota} request against its principal and API key before the body is read:
 * over the quota it is answered 429 with {@code Retry-After}.
 */
@Provider
@RequestQuota
@Priority(Priorities.USER)
public class RequestQuotaFilter implements ContainerRequestFilter {

  @Inject Quotas quotas;
  @Inject CurrentIdentity current;

  @Override
  public void filter(ContainerRequestContext request) {
    try {
      quotas.admitRequest(current.get());
    } catch (QuotaExceededException e) {
      request.abortWith(ProblemMappers.QuotaExceeded.problem(e));
    }
  }
}
