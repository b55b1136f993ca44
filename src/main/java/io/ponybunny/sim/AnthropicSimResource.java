package io.ponybunny.sim;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Anthropic Messages at {@code /sim/anthropic/v1/messages}. */
@Path("anthropic")
@RequestScoped
public class AnthropicSimResource {

  private static final SimWire WIRE = new AnthropicWire();

  @Inject SimService service;

  @POST
  @Path("v1/messages")
  public Response messages(
      String body, @HeaderParam("anthropic-version") String version, @Context HttpHeaders headers) {
    String invalid =
        version == null || version.isBlank() ? "anthropic-version: header is required" : null;
    return SimHttp.toResponse(
        service.serve(
            new SimCall(
                WIRE,
                body,
                null,
                null,
                false,
                SimRequests::anthropic,
                SimHttp.headerNames(headers),
                invalid)));
  }
}
