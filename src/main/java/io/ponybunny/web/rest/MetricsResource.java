package io.ponybunny.web.rest;

import io.ponybunny.client.MetricsSummary;
import io.ponybunny.history.StreamHistory;
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

/** {@code /api/metrics/summary}: stream totals for the console's dashboard. */
@Path("/metrics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public class MetricsResource {

  @Inject StreamHistory streams;
  @Inject CurrentIdentity current;

  @GET
  @Path("/summary")
  @Operation(
      summary = "Stream totals",
      description =
          "Active, completed, failed and total streams; mean time to first token (ms) and mean"
              + " output tokens per second of completed streams (null before any).")
  public MetricsSummary metricsSummary() {
    return streams.summary(current.ownerFilter());
  }
}
