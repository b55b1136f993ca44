package io.ponybunny.client;

import java.math.BigDecimal;

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
 * @param usdPerDay what the calls of a UTC day may cost, in USD
 * @param usdToday what the calls since UTC midnight cost, in USD (calls of models without a price
 *     count nothing)
 */
public record QuotaStatus(
    long requestsPerMinute,
    long concurrentStreams,
    long tokensPerDay,
    long activeStreams,
    long tokensToday,
    long requestsAvailable,
    BigDecimal usdPerDay,
    BigDecimal usdToday) {}
