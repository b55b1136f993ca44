package io.ponybunny.client;

import jakarta.json.bind.annotation.JsonbNillable;

/**
 * An API key as listed: never its secret, except {@code secret} in the answer that created it (the
 * only time it is shown). Times are ISO-8601. {@code quota}: the key's limits (its own within its
 * owner's) and what it uses now.
 */
@JsonbNillable(false)
public record ApiKey(
    String id,
    String name,
    String owner,
    String role,
    String prefix,
    String createdBy,
    String createdAt,
    String expiresAt,
    String lastUsedAt,
    String revokedAt,
    String secret,
    QuotaStatus quota) {}
