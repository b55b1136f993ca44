package io.ponybunny.agent;

/** A status change that the state machine does not allow (e.g. succeeded to running). */
public class IllegalTransitionException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public IllegalTransitionException(String what, Object from, Object to) {
    super(what + " cannot go from " + from + " to " + to);
  }
}
