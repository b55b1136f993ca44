package io.ponybunny.sim;

import java.util.Map;

/**
 * A complete non-2xx provider response.
 *
 * @param status the HTTP status
 * @param mediaType the Content-Type
 * @param headers extra response headers (retry hints)
 * @param body the provider's error envelope
 */
public record SimHttpError(int status, String mediaType, Map<String, String> headers, String body) {

  public SimHttpError {
    headers = Map.copyOf(headers);
  }
}
