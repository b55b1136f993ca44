package io.ponybunny.agent;

/** A work item cannot go on (e.g. the model keeps ignoring the format); fails the goal. */
public class AgentFailureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AgentFailureException(String message) {
    super(message);
  }
}
