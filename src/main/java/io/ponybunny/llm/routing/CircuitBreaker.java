package io.ponybunny.llm.routing;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One endpoint's circuit: closed until {@code threshold} consecutive failures, then open (calls
 * fail fast and routing moves on) for {@code openFor}, then half-open: one trial call is let
 * through, whose success closes the circuit and whose failure opens it again.
 */
public final class CircuitBreaker {

  /** The circuit's state. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN;

    /** {@code closed}, {@code open}, {@code half-open}. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final int threshold;
  private final long openForNanos;
  private final LongSupplier clock;
  private int failures;
  private long openedAt;
  private boolean open;
  private boolean trialInFlight;

  public CircuitBreaker(int threshold, Duration openFor, LongSupplier nanoClock) {
    this.threshold = Math.max(1, threshold);
    this.openForNanos = openFor.toNanos();
    this.clock = nanoClock;
  }

  /** Whether a call may go to this endpoint now; a half-open circuit admits one trial call. */
  public synchronized boolean tryAcquire() {
    if (!open) {
      return true;
    }
    if (clock.getAsLong() - openedAt >= openForNanos && !trialInFlight) {
      trialInFlight = true;
      return true;
    }
    return false;
  }

  public synchronized void onSuccess() {
    failures = 0;
    open = false;
    trialInFlight = false;
  }

  public synchronized void onFailure() {
    trialInFlight = false;
    failures++;
    if (open || failures >= threshold) {
      open = true;
      openedAt = clock.getAsLong();
    }
  }

  /** Releases a trial that ended without telling success or failure (e.g. cancelled). */
  public synchronized void release() {
    trialInFlight = false;
  }

  public synchronized State state() {
    if (!open) {
      return State.CLOSED;
    }
    return clock.getAsLong() - openedAt >= openForNanos ? State.HALF_OPEN : State.OPEN;
  }
}
