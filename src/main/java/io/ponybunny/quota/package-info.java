/**
 * Quotas (ADR 0012): what each principal and each API key may consume — requests per minute,
 * concurrent streams, tokens per day, USD per day (each call's cost at its model's price, {@link
 * io.ponybunny.cost.Pricing}) — and the global cap on concurrent upstream streams. A {@link
 * io.ponybunny.quota.Ledger} counts them, all subjects of a call or none: {@link
 * io.ponybunny.quota.QuotaLedger} in memory on a single node, {@link
 * io.ponybunny.quota.RedisQuotaLedger} in Redis for a whole cluster, both with the arithmetic of
 * {@code QuotaRules} (clock passed in); {@link io.ponybunny.quota.Quotas} picks one and binds it to
 * configuration, API keys and the usage table.
 */
package io.ponybunny.quota;
