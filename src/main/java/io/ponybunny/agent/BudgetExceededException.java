package io.ponybunny.agent;

/** A goal reached one of its {@link Budget} limits; the message names the limit. */
public class BudgetExceededException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BudgetExceededException(String message) {
    super(message);
  }
}
