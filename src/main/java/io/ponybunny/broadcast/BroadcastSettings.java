package io.ponybunny.broadcast;

import io.ponybunny.broadcast.transport.SenderSettings;

/**
 * The broadcast's limits, from MicroProfile Config ({@code ponybunny.ws.*}).
 *
 * @param maxQueuedChars a socket with more queued is closed with 4008 "slow consumer"
 * @param replayMaxEvents frames kept per channel for resume
 * @param replayMaxAgeMillis how long a frame stays available for resume
 * @param completedStreams finished streams kept per channel for snapshots
 * @param maxStreamChars characters of one stream broadcast before it is truncated
 * @param batchIntervalMillis least time between two batch frames to a client that stays behind (0:
 *     no pacing)
 * @param sendTimeoutMillis a send on the wire for longer closes its socket with 4008 "send timeout"
 *     (0: never)
 * @param maxFreeChannelsPerPrincipal free-form goal channels one principal's subscriptions may keep
 *     alive at once
 * @param replayMaxBytes what all channels' replay frames may take together ({@link ReplayBudget};
 *     0: unbounded)
 */
public record BroadcastSettings(
    long maxQueuedChars,
    int replayMaxEvents,
    long replayMaxAgeMillis,
    int completedStreams,
    int maxStreamChars,
    long batchIntervalMillis,
    long sendTimeoutMillis,
    int maxFreeChannelsPerPrincipal,
    long replayMaxBytes) {

  /** Default of {@link #sendTimeoutMillis}. */
  public static final long SEND_TIMEOUT_MILLIS = 10_000;

  /** Default of {@link #maxFreeChannelsPerPrincipal}. */
  public static final int MAX_FREE_CHANNELS_PER_PRINCIPAL = 100;

  /** Default of {@link #replayMaxBytes}: 128 MiB. */
  public static final long REPLAY_MAX_BYTES = 128L << 20;

  /** Settings with the default send timeout, free-channel limit and replay budget. */
  public BroadcastSettings(
      long maxQueuedChars,
      int replayMaxEvents,
      long replayMaxAgeMillis,
      int completedStreams,
      int maxStreamChars,
      long batchIntervalMillis) {
    this(
        maxQueuedChars,
        replayMaxEvents,
        replayMaxAgeMillis,
        completedStreams,
        maxStreamChars,
        batchIntervalMillis,
        SEND_TIMEOUT_MILLIS,
        MAX_FREE_CHANNELS_PER_PRINCIPAL,
        REPLAY_MAX_BYTES);
  }

  /** What every socket's sender gets. */
  public SenderSettings senders() {
    return new SenderSettings(maxQueuedChars, batchIntervalMillis, sendTimeoutMillis);
  }

  /** The defaults of {@code microprofile-config.properties}. */
  public static BroadcastSettings defaults() {
    return new BroadcastSettings(1 << 20, 10_000, 300_000, 100, 1_000_000, 50);
  }
}
