package io.ponybunny.client;

/**
 * {@code POST /api/keys}: a name, the key's role (at most the creator's; default the creator's),
 * its owner (admins only; default the caller), an optional lifetime in days and optional limits of
 * its own, which only narrow its owner's quota (null: the owner's).
 */
public record ApiKeyRequest(
    String name,
    String role,
    String owner,
    Integer expiresInDays,
    Integer requestsPerMinute,
    Integer concurrentStreams,
    Long tokensPerDay) {}
