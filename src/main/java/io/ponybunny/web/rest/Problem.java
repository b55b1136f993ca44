package io.ponybunny.web.rest;

import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.Map;

/** RFC 9457 problem details, the body of every error answer of the API. */
public final class Problem {

  /** {@code application/problem+json}. */
  public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

  private Problem() {}

  /** A problem response with {@code status}, a short title and a human-readable detail. */
  public static Response response(int status, String title, String detail) {
    return response(status, title, detail, Map.of());
  }

  /** As {@link #response(int, String, String)} with extension members. */
  public static Response response(
      int status, String title, String detail, Map<String, Object> extensions) {
    JsonObjectBuilder b =
        JsonSupport.objectBuilder()
            .add("type", "about:blank")
            .add("title", title)
            .add("status", status);
    if (detail != null) {
      b.add("detail", detail);
    }
    extensions.forEach(
        (k, v) -> {
          if (v instanceof BigDecimal d) {
            b.add(k, d);
          } else if (v instanceof Number n) {
            b.add(k, n.longValue());
          } else if (v instanceof Boolean bool) {
            b.add(k, bool);
          } else if (v != null) {
            b.add(k, v.toString());
          }
        });
    JsonObject body = b.build();
    return Response.status(status).type(MEDIA_TYPE).entity(body.toString()).build();
  }
}
