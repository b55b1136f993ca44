package io.ponybunny.client;

import java.math.BigDecimal;

/**
 * What one principal, or the calls made with one API key, used on one UTC day, as its quotas count
 * it: every LLM call (streamed or not, a goal's included), its tokens and their cost (calls of
 * models without a price count no cost). Exactly one of {@code principal} and {@code apiKeyId} is
 * set.
 *
 * @param principal the principal
 * @param apiKeyId the API key
 * @param day the UTC day ({@code 2026-05-06})
 * @param tokens input plus output tokens
 * @param costUsd their cost, in USD
 */
public record SpendRow(
    String principal, String apiKeyId, String day, long tokens, BigDecimal costUsd) {}
