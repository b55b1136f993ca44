package io.ponybunny.security.jwt;

/**
 * A bearer token was refused. The message says what is wrong in fixed words and never contains the
 * token or any part of it (not even header values such as the key id), so it can be logged.
 */
public class InvalidTokenException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A refusal described by {@code message}, which must not contain any part of the token. */
  public InvalidTokenException(String message) {
    super(message);
  }

  /**
   * A refusal caused by {@code cause}, for failures that do not come from the token itself, such as
   * public keys that could not be loaded.
   */
  public InvalidTokenException(String message, Throwable cause) {
    super(message, cause);
  }
}
