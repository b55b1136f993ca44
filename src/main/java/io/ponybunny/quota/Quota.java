package io.ponybunny.quota;

import io.ponybunny.cost.Usd;
import java.math.BigDecimal;

/**
 * What one quota subject may consume; {@code 0} means unlimited.
 *
 * @param requestsPerMinute requests that start model work (completions, goals), a token bucket
 *     refilled evenly over the minute
 * @param concurrentStreams LLM calls running at once
 * @param tokensPerDay tokens used per UTC day (prompt and completion)
 * @param nanoUsdPerDay what the calls of a UTC day may cost, in nano-dollars (1e-9 USD; {@link
 *     #usdPerDay()} in dollars); calls of models without a price cost nothing here
 */
public record Quota(
    long requestsPerMinute, long concurrentStreams, long tokensPerDay, long nanoUsdPerDay) {

  public static final Quota UNLIMITED = new Quota(0, 0, 0, 0);

  public Quota {
    if (requestsPerMinute < 0 || concurrentStreams < 0 || tokensPerDay < 0 || nanoUsdPerDay < 0) {
      throw new IllegalArgumentException("quota limits are >= 0 (0: unlimited)");
    }
  }

  /** A quota without a limit on spend. */
  public Quota(long requestsPerMinute, long concurrentStreams, long tokensPerDay) {
    this(requestsPerMinute, concurrentStreams, tokensPerDay, 0);
  }

  /** The limit on spend per UTC day in USD (0: unlimited). */
  public BigDecimal usdPerDay() {
    return Usd.ofNanos(nanoUsdPerDay);
  }

  /** This quota held within {@code outer}: per limit, the tighter of the two. */
  public Quota within(Quota outer) {
    return new Quota(
        tighter(requestsPerMinute, outer.requestsPerMinute),
        tighter(concurrentStreams, outer.concurrentStreams),
        tighter(tokensPerDay, outer.tokensPerDay),
        tighter(nanoUsdPerDay, outer.nanoUsdPerDay));
  }

  private static long tighter(long a, long b) {
    if (a == 0) {
      return b;
    }
    return b == 0 ? a : Math.min(a, b);
  }
}
