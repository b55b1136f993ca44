package io.ponybunny.broadcast.transport;

/**
 * What every socket's sender gets from the configuration ({@code ponybunny.ws.*}).
 *
 * @param maxQueuedChars a socket with more queued is closed with 4008 "slow consumer"
 * @param batchIntervalMillis least time between two batch frames to a client that stays behind (0:
 *     no pacing)
 * @param sendTimeoutMillis a send on the wire for longer closes its socket with 4008 "send timeout"
 *     (0: never)
 */
public record SenderSettings(
    long maxQueuedChars, long batchIntervalMillis, long sendTimeoutMillis) {}
