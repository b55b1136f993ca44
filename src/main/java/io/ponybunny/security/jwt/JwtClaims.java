package io.ponybunny.security.jwt;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What a verified token says about its caller.
 *
 * @param name the principal name: the {@code upn} claim, else {@code preferred_username}, else
 *     {@code sub}
 * @param groups the groups claim (empty when the token has none)
 * @param issuer the {@code iss} claim, or null
 * @param subject the {@code sub} claim, or null
 * @param expiresAt the {@code exp} claim
 * @param tokenId the {@code jti} claim, or null
 * @param all every claim (e.g. an ID token's {@code nonce})
 */
public record JwtClaims(
    String name,
    Set<String> groups,
    String issuer,
    String subject,
    Instant expiresAt,
    String tokenId,
    jakarta.json.JsonObject all) {

  /**
   * Copies {@code groups} into an unmodifiable set; {@code name} and {@code expiresAt} are
   * required.
   */
  public JwtClaims {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expiresAt, "expiresAt");
    groups = groups == null ? Set.of() : Set.copyOf(groups);
  }
}
