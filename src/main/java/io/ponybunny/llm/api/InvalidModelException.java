package io.ponybunny.llm.api;

/**
 * A model name outside its protocol's {@link ModelGrammar}: a client error, refused before any
 * request is built and never counted against an endpoint.
 */
public class InvalidModelException extends UnknownModelException {

  private static final long serialVersionUID = 1L;

  public InvalidModelException(String message) {
    super(message);
  }
}
