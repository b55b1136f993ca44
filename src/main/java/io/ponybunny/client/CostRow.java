package io.ponybunny.client;

import java.math.BigDecimal;

/**
 * The usage and cost of a group of streams: all of a window ({@code total}), or those of one UTC
 * {@code day}, one {@code model} (as the calls named it), one model on one day, or one {@code
 * goalId}; the fields that do not group are absent. Token sums count what providers reported
 * ({@code inputTokens} includes {@code cachedInputTokens}); {@code costUsd} sums the streams whose
 * model has a price, and {@code unpricedStreams} counts those that reported usage without one.
 *
 * @param day the UTC day ({@code 2026-05-06}) the streams started on
 * @param model the model reference the calls named
 * @param goalId the goal the streams belong to
 * @param streams streams started
 * @param inputTokens prompt tokens, cached ones included
 * @param outputTokens completion tokens
 * @param cachedInputTokens prompt tokens read from the providers' caches
 * @param costUsd what the priced streams cost, in USD
 * @param unpricedStreams streams with usage whose model has no price (their cost is unknown)
 */
public record CostRow(
    String day,
    String model,
    String goalId,
    long streams,
    long inputTokens,
    long outputTokens,
    long cachedInputTokens,
    BigDecimal costUsd,
    long unpricedStreams) {}
