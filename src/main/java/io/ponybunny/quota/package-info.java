/**
 * Quotas (ADR 0012): what each principal and each API key may consume — requests per minute,
 * concurrent streams, tokens per day — and the global cap on concurrent upstream streams. {@link
 * io.ponybunny.quota.QuotaLedger} is the policy (pure, clock passed in); {@link
 * io.ponybunny.quota.Quotas} binds it to configuration, API keys and the usage table.
 */
package io.ponybunny.quota;
