package io.ponybunny.llm.api;

/** A failure that a retry cannot fix: 400, 401, 402, 403, 404, 413, malformed responses. */
public final class NonRetryableProviderException extends ProviderException {

  private static final long serialVersionUID = 1L;

  public NonRetryableProviderException(
      String provider, int status, String errorType, String message, Throwable cause) {
    super(provider, status, errorType, message, cause);
  }

  @Override
  public NonRetryableProviderException withProvider(String provider) {
    return sameCause(
        new NonRetryableProviderException(
            provider, status(), errorType(), getMessage(), getCause()));
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
