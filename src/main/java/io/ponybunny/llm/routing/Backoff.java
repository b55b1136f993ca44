package io.ponybunny.llm.routing;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Full-jitter exponential backoff: attempt {@code n} (0-based) waits a uniformly random time in
 * {@code [0, min(cap, base * 2^n)]}, and never less than the provider's Retry-After.
 *
 * @param base the first ceiling
 * @param cap the largest ceiling
 */
public record Backoff(Duration base, Duration cap) {

  /** Base 0.5 s, cap 8 s. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8));

  /** The ceiling of attempt {@code attempt}: {@code min(cap, base * 2^attempt)}. */
  public Duration ceiling(int attempt) {
    long ms = base.toMillis() << Math.min(attempt, 20);
    return Duration.ofMillis(Math.min(cap.toMillis(), ms));
  }

  /**
   * The delay before retry {@code attempt}.
   *
   * @param random uniform in [0, 1)
   * @param retryAfter the provider's requested delay, or null
   */
  public Duration delay(int attempt, Duration retryAfter, DoubleSupplier random) {
    long jitter = (long) (random.getAsDouble() * (ceiling(attempt).toMillis() + 1));
    long ms = Math.min(jitter, ceiling(attempt).toMillis());
    if (retryAfter != null && retryAfter.toMillis() > ms) {
      ms = retryAfter.toMillis();
    }
    return Duration.ofMillis(ms);
  }
}
