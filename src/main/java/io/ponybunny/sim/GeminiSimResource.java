package io.ponybunny.sim;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Gemini at {@code /sim/gemini/{v1beta|v1}/models/{model}:streamGenerateContent} and {@code
 * :generateContent}.
 *
 * <p>The last path segment is taken raw ({@link Encoded}) and split on its last {@code :}; an
 * encoded {@code ~} ({@code %7E}) or {@code =} ({@code %3D}) counts as the scenario separator, and
 * scenario values are then URL-decoded once, as for the other providers.
 */
@Path("gemini")
@RequestScoped
public class GeminiSimResource {

  private static final SimWire SSE = GeminiWire.sse();
  private static final SimWire JSON_ARRAY = GeminiWire.jsonArray();

  @Inject SimService service;

  @POST
  @Path("{version: v1beta|v1}/models/{call}")
  public Response generate(
      String body,
      @Encoded @PathParam("call") String call,
      @QueryParam("alt") String alt,
      @Context HttpHeaders headers) {
    boolean sse = "sse".equals(alt);
    SimWire wire = sse ? SSE : JSON_ARRAY;
    if (!service.enabled()) {
      return SimHttp.toResponse(SimService.disabled());
    }
    String raw = call.replaceAll("(?i)%3A", ":");
    int colon = raw.lastIndexOf(':');
    String method = colon < 0 ? "" : raw.substring(colon + 1);
    Boolean stream =
        switch (method) {
          case "streamGenerateContent" -> true;
          case "generateContent" -> false;
          default -> null;
        };
    if (stream == null) {
      SimHttpError e = wire.httpError(404, "Method not found: '" + method + "' (simulator)", null);
      return SimHttp.toResponse(SimResult.text(e.status(), e.mediaType(), e.headers(), e.body()));
    }
    String model = modelFromPath(raw.substring(0, colon));
    return SimHttp.toResponse(
        service.serve(
            new SimCall(
                stream ? wire : JSON_ARRAY,
                body,
                model,
                stream,
                false,
                SimRequests::gemini,
                SimHttp.headerNames(headers),
                null)));
  }

  /** Undoes percent-encoding of the scenario separators only. */
  static String modelFromPath(String raw) {
    return raw.replaceAll("(?i)%7E", "~").replaceAll("(?i)%3D", "=");
  }
}
