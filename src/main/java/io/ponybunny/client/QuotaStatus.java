package io.ponybunny.client;

/**
 * A quota and what its subject (a principal or an API key) uses now. Limits of {@code 0} are
 * unlimited; {@code requestsAvailable} is -1 without a request limit.
 *
 * @param requestsPerMinute requests that start model work per minute
 * @param concurrentStreams LLM calls at once
 * @param tokensPerDay tokens per UTC day
 * @param activeStreams LLM calls running now
 * @param tokensToday tokens used since UTC midnight
 * @param requestsAvailable requests that may start now
 */
public record QuotaStatus(
    long requestsPerMinute,
    long concurrentStreams,
    long tokensPerDay,
    long activeStreams,
    long tokensToday,
    long requestsAvailable) {}
