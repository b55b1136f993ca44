package io.ponybunny.llm.provider;

import io.ponybunny.llm.http.HttpCall;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What all requests of one protocol share: a POST of a JSON body to the endpoint's base URL plus a
 * path, {@code Content-Type: application/json}, {@code Accept} the protocol's stream type when
 * streaming (else JSON), the endpoint's key (when it has one) in the protocol's header, and any
 * fixed headers of the protocol.
 *
 * @param streamType the {@code Accept} of a streaming request ({@link #SSE}, {@link #NDJSON})
 * @param keyHeader the header that carries the key
 * @param keyPrefix put before the key ({@code "Bearer "} or nothing)
 * @param headers fixed headers; each replaces a default header of the same name in any case
 */
public record RequestTemplate(
    String streamType, String keyHeader, String keyPrefix, Map<String, String> headers) {

  public static final String SSE = "text/event-stream";
  public static final String NDJSON = "application/x-ndjson";

  public RequestTemplate {
    headers = Map.copyOf(headers);
  }

  /** The key as {@code Authorization: Bearer <key>}. */
  public static RequestTemplate bearer(String streamType) {
    return new RequestTemplate(streamType, "Authorization", "Bearer ", Map.of());
  }

  /** The key, as it is, in {@code keyHeader}. */
  public static RequestTemplate keyIn(String keyHeader, String streamType) {
    return new RequestTemplate(streamType, keyHeader, "", Map.of());
  }

  /** This template with a fixed header added. */
  public RequestTemplate withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new RequestTemplate(streamType, keyHeader, keyPrefix, more);
  }

  /** POSTs {@code body} to {@code path} (starting with '/') under the target's base URL. */
  public HttpCall post(EndpointTarget target, String path, boolean stream, JsonFields body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("Accept", stream ? streamType : "application/json");
    headers.forEach(
        (name, value) -> {
          h.keySet().removeIf(name::equalsIgnoreCase);
          h.put(name, value);
        });
    if (target.apiKey() != null && !target.apiKey().isBlank()) {
      h.put(keyHeader, keyPrefix + target.apiKey());
    }
    return new HttpCall(join(target.baseUrl(), path), h, body.toJson());
  }

  /** {@code base} (trimmed, trailing slashes dropped) followed by {@code path}. */
  static URI join(String base, String path) {
    String b = base == null ? "" : base.strip();
    int end = b.length();
    while (end > 0 && b.charAt(end - 1) == '/') {
      end--;
    }
    return URI.create(b.substring(0, end) + path);
  }
}
