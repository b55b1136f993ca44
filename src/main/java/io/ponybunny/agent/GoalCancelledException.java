package io.ponybunny.agent;

/** The goal was cancelled while it ran. */
public class GoalCancelledException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public GoalCancelledException() {
    super("cancelled");
  }
}
