package io.ponybunny.sim;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * Test observation: {@code GET /sim/requests/{id}} gives what the simulator saw for a scenario id
 * (count 0 and nulls when none); {@code DELETE /sim/requests} forgets everything.
 */
@Path("requests")
@RequestScoped
public class SimObservationResource {

  @Inject SimService service;

  @GET
  @Path("{id}")
  public Response get(@PathParam("id") String id) {
    if (!service.enabled()) {
      return SimHttp.toResponse(SimService.disabled());
    }
    return Response.ok(SimJson.compact(service.recorder().snapshot(id)), "application/json")
        .build();
  }

  @DELETE
  public Response clear() {
    if (!service.enabled()) {
      return SimHttp.toResponse(SimService.disabled());
    }
    service.recorder().clear();
    return Response.noContent().build();
  }
}
