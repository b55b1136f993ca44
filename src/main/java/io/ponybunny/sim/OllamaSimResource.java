package io.ponybunny.sim;

import static io.ponybunny.sim.SimJson.obj;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Ollama native API at {@code /sim/ollama/api/chat} (NDJSON, streaming by default). */
@Path("ollama/api")
@RequestScoped
public class OllamaSimResource {

  private static final SimWire WIRE = new OllamaWire();

  @Inject SimService service;

  @POST
  @Path("chat")
  public Response chat(String body, @Context HttpHeaders headers) {
    return SimHttp.toResponse(
        service.serve(
            new SimCall(
                WIRE,
                body,
                null,
                null,
                true,
                SimRequests::ollama,
                SimHttp.headerNames(headers),
                null)));
  }

  @GET
  @Path("tags")
  public Response tags() {
    if (!service.enabled()) {
      return SimHttp.toResponse(SimService.disabled());
    }
    return Response.ok(
            SimJson.compact(
                obj("models", List.of(obj("name", "sim-default", "model", "sim-default")))),
            "application/json")
        .build();
  }
}
