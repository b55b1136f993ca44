package io.ponybunny.llm.call;

import java.time.Duration;

/**
 * The limits every call runs under.
 *
 * @param maxRetryWait the longest Retry-After honoured ({@code ponybunny.retry.max-wait-seconds});
 *     a provider asking for more is not retried
 * @param maxResponseBytes the largest non-streaming success body read ({@code
 *     ponybunny.http.max-response-bytes}); error bodies keep {@link #MAX_ERROR_BODY}
 * @param maxDuration the wall-clock cap on a call, all attempts together ({@code
 *     ponybunny.stream.max-duration-seconds})
 */
record CallLimits(Duration maxRetryWait, int maxResponseBytes, Duration maxDuration) {

  /** Bytes of an error body read: enough for any provider's error envelope. */
  static final int MAX_ERROR_BODY = 64 * 1024;

  /** The defaults of {@code microprofile-config.properties}. */
  static CallLimits defaults() {
    return new CallLimits(Duration.ofSeconds(30), 8 * 1024 * 1024, Duration.ofSeconds(600));
  }
}
