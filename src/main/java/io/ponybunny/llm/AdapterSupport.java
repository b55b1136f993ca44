package io.ponybunny.llm;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers the protocol adapters share for building requests. */
public final class AdapterSupport {

  private AdapterSupport() {}

  /** {@code base} (trailing slashes dropped) followed by {@code path} (starting with '/'). */
  public static URI join(String base, String path) {
    String b = base == null ? "" : base.strip();
    int end = b.length();
    while (end > 0 && b.charAt(end - 1) == '/') {
      end--;
    }
    return URI.create(b.substring(0, end) + path);
  }

  /** Whether the target has a usable key. */
  public static boolean hasKey(EndpointTarget target) {
    return target.apiKey() != null && !target.apiKey().isBlank();
  }

  /** A mutable header map with the JSON content type and the accept type set. */
  public static Map<String, String> jsonHeaders(boolean stream, String streamType) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("Accept", stream ? streamType : "application/json");
    return h;
  }
}
