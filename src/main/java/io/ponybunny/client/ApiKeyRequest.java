package io.ponybunny.client;

/**
 * {@code POST /api/keys}: a name, the key's role (at most the creator's; default the creator's),
 * its owner (admins only; default the caller) and an optional lifetime in days.
 */
public record ApiKeyRequest(String name, String role, String owner, Integer expiresInDays) {}
