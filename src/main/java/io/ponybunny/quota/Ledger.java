package io.ponybunny.quota;

import java.util.List;

/**
 * Where quotas are counted: per subject ({@code principal:<name>}, {@code key:<id>}, {@link
 * #GLOBAL}) a token bucket of requests per minute, the streams running now and the tokens and cost
 * (in nano-dollars) of the current UTC day. Every implementation guarantees that a request or a
 * stream is checked against every subject it counts for and counted in all of them or in none,
 * refusing with a {@link QuotaExceededException} that names the first subject over its limit, the
 * limit and a {@code Retry-After}. {@link QuotaLedger} counts in this JVM (a single node); {@link
 * RedisQuotaLedger} counts in Redis for the whole cluster.
 */
public interface Ledger {

  /** The subject of server-wide limits (the cap on concurrent upstream streams). */
  String GLOBAL = "global";

  /** A subject and the quota that applies to it. */
  record Limited(String subject, Quota quota) {}

  /**
   * What a subject uses now.
   *
   * @param activeStreams streams running now
   * @param tokensToday tokens used in the current UTC day
   * @param requestsAvailable requests the bucket holds now, -1 without a limit on requests
   * @param nanoUsdToday what the calls of the current UTC day cost, in nano-dollars
   */
  record Usage(long activeStreams, long tokensToday, long requestsAvailable, long nanoUsdToday) {}

  /** What a subject used in one UTC day: tokens and their cost in nano-dollars. */
  record Spent(long tokens, long nanoUsd) {

    public static final Spent NONE = new Spent(0, 0);

    /** Whether anything was used. */
    public boolean any() {
      return tokens > 0 || nanoUsd > 0;
    }
  }

  /** Where tokens and cost per subject and UTC day (epoch day) are kept ({@code pb_usage}). */
  interface Store {
    Spent spent(String subject, long epochDay);

    void add(String subject, long epochDay, Spent spent);
  }

  /** A running stream's hold on its subjects; {@link #close} once, with what it used. */
  interface Lease {
    /**
     * Releases the stream on every subject and counts its tokens and cost (nano-dollars) for the
     * day (stored through the {@link Store} for every subject but {@link #GLOBAL}). Later calls do
     * nothing.
     */
    void close(long tokensUsed, long nanoUsd);

    /** {@link #close(long, long)} for a stream whose cost is unknown. */
    default void close(long tokensUsed) {
      close(tokensUsed, 0);
    }
  }

  /** Counts one request against every subject, or throws and counts none. */
  void admitRequest(List<Limited> limited);

  /**
   * Opens a stream on every subject (checking its concurrent streams and its tokens and spend of
   * the day), or throws and opens none.
   */
  Lease openStream(List<Limited> limited);

  /** What {@code subject} uses now, under {@code quota}. */
  Usage usage(String subject, Quota quota);
}
