package io.ponybunny.llm.api;

/** The requested model or endpoint is not configured or not usable; a client error. */
public class UnknownModelException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UnknownModelException(String message) {
    super(message);
  }
}
