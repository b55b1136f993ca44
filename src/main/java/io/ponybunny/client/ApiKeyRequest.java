package io.ponybunny.client;

import java.math.BigDecimal;

/**
 * {@code POST /api/keys}: a name, the key's role (at most the creator's; default the creator's),
 * its owner (admins only; default the caller), an optional lifetime in days and optional limits of
 * its own, which only narrow its owner's quota (null: the owner's): requests per minute, concurrent
 * streams, tokens per UTC day and USD per UTC day (a decimal, e.g. {@code 2.50}).
 */
public record ApiKeyRequest(
    String name,
    String role,
    String owner,
    Integer expiresInDays,
    Integer requestsPerMinute,
    Integer concurrentStreams,
    Long tokensPerDay,
    BigDecimal usdPerDay) {}
