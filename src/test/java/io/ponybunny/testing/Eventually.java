package io.ponybunny.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits on state an API exposes only by reading it (a record written after an event, say). */
public final class Eventually {

  private Eventually() {}

  /**
   * Polls {@code read} (every 50 ms) until {@code done} holds and returns what it read; fails after
   * {@code timeout} with the last value read.
   */
  public static <T> T until(Supplier<T> read, Predicate<T> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = read.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout + "; last: " + last);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      last = read.get();
    }
    return last;
  }
}
