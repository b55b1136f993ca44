package io.ponybunny.agent.tools;

/** A tool could not do its work; the message becomes the observation the model sees. */
public class ToolException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ToolException(String message) {
    super(message);
  }
}
