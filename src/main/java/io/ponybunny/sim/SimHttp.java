package io.ponybunny.sim;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Turns a {@link SimResult} into a JAX-RS response with a streaming body. */
final class SimHttp {

  private SimHttp() {}

  static Response toResponse(SimResult result) {
    StreamingOutput body = out -> result.body().writeTo(out);
    Response.ResponseBuilder b =
        Response.status(result.status()).type(result.mediaType()).entity(body);
    for (Map.Entry<String, String> h : result.headers().entrySet()) {
      b.header(h.getKey(), h.getValue());
    }
    return b.build();
  }

  static Collection<String> headerNames(HttpHeaders headers) {
    return headers == null ? List.of() : List.copyOf(headers.getRequestHeaders().keySet());
  }
}
