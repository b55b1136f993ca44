package io.ponybunny.web.rest;

import io.ponybunny.client.QuotaStatus;
import io.ponybunny.cost.Usd;
import io.ponybunny.quota.Quotas;
import io.ponybunny.security.CurrentIdentity;
import io.ponybunny.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /api/quota}: the caller's quota and what it uses now (a key's own: {@code /api/keys}). */
@Path("/quota")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public class QuotaResource {

  @Inject Quotas quotas;
  @Inject CurrentIdentity current;

  @GET
  @Operation(
      summary = "The caller's quota",
      description =
          "Requests per minute, concurrent streams, tokens and USD per UTC day of the calling"
              + " principal (0: unlimited), with its streams running now and its tokens and cost of"
              + " the day.")
  public QuotaStatus quota() {
    return status(quotas.principalView(current.get().name()));
  }

  static QuotaStatus status(Quotas.QuotaView v) {
    return new QuotaStatus(
        v.quota().requestsPerMinute(),
        v.quota().concurrentStreams(),
        v.quota().tokensPerDay(),
        v.usage().activeStreams(),
        v.usage().tokensToday(),
        v.usage().requestsAvailable(),
        v.quota().usdPerDay(),
        Usd.ofNanos(v.usage().nanoUsdToday()));
  }
}
