package io.ponybunny.web.rest;

import io.ponybunny.client.ConsoleSettings;
import io.ponybunny.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /api/console/settings}: the server settings the console draws with. */
@Path("/console/settings")
@RequestScoped
@RolesAllowed(Role.VIEWER_NAME)
public class ConsoleResource {

  @Inject
  @ConfigProperty(name = "ponybunny.console.stall-after-ms", defaultValue = "5000")
  long stallAfterMs;

  @Inject
  @ConfigProperty(name = "ponybunny.streams.timings.max-chunks", defaultValue = "2048")
  int timingsMaxChunks;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The console's settings",
      description =
          "stallAfterMs: how long a streaming answer may stay silent before the console shows it"
              + " stalled; timingsMaxChunks: how many chunk timings a stream record keeps at most.")
  public ConsoleSettings settings() {
    return new ConsoleSettings(Math.max(1, stallAfterMs), Math.max(2, timingsMaxChunks));
  }
}
