package io.ponybunny.stream;

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
 */
public record BroadcastSettings(
    long maxQueuedChars,
    int replayMaxEvents,
    long replayMaxAgeMillis,
    int completedStreams,
    int maxStreamChars,
    long batchIntervalMillis) {

  /** The defaults of {@code microprofile-config.properties}. */
  public static BroadcastSettings defaults() {
    return new BroadcastSettings(1 << 20, 10_000, 300_000, 100, 1_000_000, 50);
  }
}
