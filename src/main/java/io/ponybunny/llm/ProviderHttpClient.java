package io.ponybunny.llm;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one HTTP path to providers: a shared JAX-RS client that POSTs a built {@link HttpCall} and
 * hands back the unread response, so stream bodies are read as they arrive.
 */
@ApplicationScoped
public class ProviderHttpClient {

  private Client client;

  @PostConstruct
  void init() {
    client =
        ClientBuilder.newBuilder()
            .connectTimeout(10, TimeUnit.SECONDS)
            .readTimeout(10, TimeUnit.MINUTES)
            .build();
  }

  @PreDestroy
  void close() {
    client.close();
  }

  /** POSTs {@code call}; the caller must close the response. */
  public Response post(HttpCall call, String accept) {
    Invocation.Builder request = client.target(call.uri()).request();
    for (Map.Entry<String, String> h : call.headers().entrySet()) {
      if (!"content-type".equalsIgnoreCase(h.getKey())) {
        request.header(h.getKey(), h.getValue());
      }
    }
    request.accept(accept);
    if (accept.contains("text/event-stream")) {
      // A stream may be cancelled mid-body; its connection must never go back to the pool, or
      // the next call on it reads the rest of the cancelled stream (or hangs until a timeout).
      request.header("Connection", "close");
    }
    return request.post(Entity.entity(call.body(), MediaType.APPLICATION_JSON_TYPE));
  }
}
