package io.ponybunny.llm.api;

import io.ponybunny.llm.http.Redaction;

/**
 * The one error hierarchy of provider calls: {@link RetryableProviderException} (rate limit,
 * timeout, overload, server errors) or {@link NonRetryableProviderException} (auth, invalid
 * request, not found). Each keeps the provider, HTTP status (0 when the failure was not an HTTP
 * status), the provider's error type and a message, never a credential: whatever looks like a key
 * is {@link Redaction redacted} from the message and the type when the exception is made, so it
 * reaches no client, log or event.
 */
public abstract sealed class ProviderException extends RuntimeException
    permits RetryableProviderException, NonRetryableProviderException {

  private static final long serialVersionUID = 1L;

  private final String provider;
  private final int status;
  private final String errorType;
  private boolean callerCaused;

  protected ProviderException(
      String provider, int status, String errorType, String message, Throwable cause) {
    super(Redaction.redact(message), cause);
    this.provider = provider;
    this.status = status;
    this.errorType = Redaction.redact(errorType);
  }

  /** The same error attributed to {@code provider} (e.g. the endpoint id that was called). */
  public abstract ProviderException withProvider(String provider);

  /**
   * Whether the caller's own choices caused this failure (a timeout shorter than the endpoint's, a
   * request that could not be built): such a failure never counts against the endpoint's circuit.
   */
  public boolean callerCaused() {
    return callerCaused;
  }

  /** Marks this failure as caused by the caller (see {@link #callerCaused()}); returns it. */
  public ProviderException causedByCaller() {
    callerCaused = true;
    return this;
  }

  /** {@code copy} with this failure's caller flag. */
  protected <T extends ProviderException> T sameCause(T copy) {
    if (callerCaused) {
      copy.causedByCaller();
    }
    return copy;
  }

  /** Whether trying the same call again may succeed. */
  public abstract boolean retryable();

  public String provider() {
    return provider;
  }

  public int status() {
    return status;
  }

  public String errorType() {
    return errorType;
  }

  /** "provider status type: message", suitable for logs and API bodies. */
  public String describe() {
    StringBuilder sb = new StringBuilder(provider);
    if (status > 0) {
      sb.append(' ').append(status);
    }
    if (errorType != null) {
      sb.append(' ').append(errorType);
    }
    return sb.append(": ").append(getMessage()).toString();
  }
}
