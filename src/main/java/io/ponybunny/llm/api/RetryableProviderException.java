package io.ponybunny.llm.api;

import java.time.Duration;

/** A failure that may pass on retry: 408, 409, 429, 5xx, 529, timeouts, broken connections. */
public final class RetryableProviderException extends ProviderException {

  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;

  public RetryableProviderException(
      String provider,
      int status,
      String errorType,
      String message,
      Duration retryAfter,
      Throwable cause) {
    super(provider, status, errorType, message, cause);
    this.retryAfter = retryAfter;
  }

  /** The provider's requested delay (Retry-After, retry-after-ms, RetryInfo), null when none. */
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public RetryableProviderException withProvider(String provider) {
    return sameCause(
        new RetryableProviderException(
            provider, status(), errorType(), getMessage(), retryAfter, getCause()));
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
