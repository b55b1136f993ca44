package io.ponybunny.client;

/**
 * Stream totals: active, completed and failed streams, mean time to first token, and the mean
 * output rate of completed streams.
 */
public record MetricsSummary(
    long activeStreams,
    long completedStreams,
    long errorStreams,
    long totalStreams,
    Double meanTtftMs,
    Double tokensPerSecond) {}
