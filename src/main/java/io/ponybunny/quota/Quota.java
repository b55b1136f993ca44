package io.ponybunny.quota;

/**
 * What one quota subject may consume; {@code 0} means unlimited.
 *
 * @param requestsPerMinute requests that start model work (completions, goals), a token bucket
 *     refilled evenly over the minute
 * @param concurrentStreams LLM calls running at once
 * @param tokensPerDay tokens used per UTC day (prompt and completion)
 */
public record Quota(long requestsPerMinute, long concurrentStreams, long tokensPerDay) {

  public static final Quota UNLIMITED = new Quota(0, 0, 0);

  public Quota {
    if (requestsPerMinute < 0 || concurrentStreams < 0 || tokensPerDay < 0) {
      throw new IllegalArgumentException("quota limits are >= 0 (0: unlimited)");
    }
  }

  /** This quota held within {@code outer}: per limit, the tighter of the two. */
  public Quota within(Quota outer) {
    return new Quota(
        tighter(requestsPerMinute, outer.requestsPerMinute),
        tighter(concurrentStreams, outer.concurrentStreams),
        tighter(tokensPerDay, outer.tokensPerDay));
  }

  private static long tighter(long a, long b) {
    if (a == 0) {
      return b;
    }
    return b == 0 ? a : Math.min(a, b);
  }
}
