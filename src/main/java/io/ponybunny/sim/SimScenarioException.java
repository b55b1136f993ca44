package io.ponybunny.sim;

/** A model string whose scenario part is not understood; answered with HTTP 400. */
public final class SimScenarioException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public SimScenarioException(String message) {
    super(message);
  }
}
