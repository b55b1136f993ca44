package io.ponybunny.web.rest;

import jakarta.ws.rs.WebApplicationException;
import java.util.Map;

/**
 * An answer the API gives on purpose instead of a result (4xx, or 503 when it is busy); its message
 * becomes the problem's detail, and its headers (e.g. {@code Retry-After}) go with the answer.
 */
public class ApiException extends WebApplicationException {

  private static final long serialVersionUID = 1L;

  private final Map<String, String> headers;

  public ApiException(int status, String detail) {
    this(status, detail, Map.of());
  }

  public ApiException(int status, String detail, Map<String, String> headers) {
    super(detail, status);
    this.headers = Map.copyOf(headers);
  }

  /** A 503 (or 429) answer that tells the caller when to try again. */
  public static ApiException retryLater(int status, String detail, long retryAfterSeconds) {
    return new ApiException(
        status, detail, Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
  }

  /** Headers of the answer. */
  public Map<String, String> headers() {
    return headers;
  }
}
