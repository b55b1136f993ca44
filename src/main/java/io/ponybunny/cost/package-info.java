/**
 * What LLM calls cost: the {@link io.ponybunny.cost.Price} of a model in USD per million tokens
 * (input, output, cached input), read from MicroProfile Config by {@link
 * io.ponybunny.cost.Pricing}, and the {@link io.ponybunny.cost.Spend} of one call (its tokens and
 * their cost) that streams, history, metrics and spend quotas record. A model without a price has
 * an unknown (null) cost, never a made-up one. {@link io.ponybunny.cost.Usd} converts amounts to
 * the nano-dollars the quota ledgers count.
 */
package io.ponybunny.cost;
