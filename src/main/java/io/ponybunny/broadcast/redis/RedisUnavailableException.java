package io.ponybunny.broadcast.redis;

/**
 * Redis could not be reached or did not answer in time (or is loading, busy, read-only). Its
 * message never carries a URL, password or data; the cause, when present, is Lettuce's.
 */
public class RedisUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RedisUnavailableException(String message) {
    super(message);
  }

  public RedisUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
