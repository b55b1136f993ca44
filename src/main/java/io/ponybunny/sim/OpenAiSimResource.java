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
import java.util.Map;

/** OpenAI at {@code /sim/openai/v1}: Chat Completions, Responses and a model list. */
@Path("openai/v1")
@RequestScoped
public class OpenAiSimResource {

  private static final SimWire CHAT = new OpenAiChatWire();
  private static final SimWire RESPONSES = new OpenAiResponsesWire();

  @Inject SimService service;

  @POST
  @Path("chat/completions")
  public Response chat(String body, @Context HttpHeaders headers) {
    return SimHttp.toResponse(
        service.serve(
            new SimCall(
                CHAT,
                body,
                null,
                null,
                false,
                SimRequests::openAiChat,
                SimHttp.headerNames(headers),
                null)));
  }

  @POST
  @Path("responses")
  public Response responses(String body, @Context HttpHeaders headers) {
    return SimHttp.toResponse(
        service.serve(
            new SimCall(
                RESPONSES,
                body,
                null,
                null,
                false,
                SimRequests::responses,
                SimHttp.headerNames(headers),
                null)));
  }

  @GET
  @Path("models")
  public Response models() {
    if (!service.enabled()) {
      return SimHttp.toResponse(SimService.disabled());
    }
    Map<String, Object> list =
        obj(
            "object",
            "list",
            "data",
            List.of(
                obj(
                    "id",
                    "sim-default",
                    "object",
                    "model",
                    "created",
                    0,
                    "owned_by",
                    "ponybunny")));
    return Response.ok(SimJson.compact(list), "application/json").build();
  }
}
