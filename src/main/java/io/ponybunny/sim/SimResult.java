package io.ponybunny.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A response to send, independent of JAX-RS so the service is testable without a container.
 *
 * @param status HTTP status
 * @param mediaType Content-Type
 * @param headers extra headers
 * @param body writes the body (may pace, fault and throw {@link SimCutException})
 */
public record SimResult(int status, String mediaType, Map<String, String> headers, Body body) {

  /** Writes a response body. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  public SimResult {
    headers = Map.copyOf(headers);
  }

  static SimResult text(int status, String mediaType, Map<String, String> headers, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new SimResult(status, mediaType, headers, out -> out.write(bytes));
  }
}
