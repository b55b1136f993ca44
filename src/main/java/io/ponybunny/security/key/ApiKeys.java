package io.ponybunny.security.key;

import io.ponybunny.security.ExpiringCache;
import io.ponybunny.security.Identity;
import io.ponybunny.security.Role;
import io.ponybunny.security.Secrets;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * API keys: {@code pb_} and 32 random bytes, shown once at creation; the database keeps the SHA-256
 * and a short prefix. A key acts for its owner with its own role (at most its creator's). Resolved
 * keys are cached for a few seconds; a revocation on this server takes effect at once.
 */
@ApplicationScoped
public class ApiKeys {

  /** Every key starts with this. */
  public static final String PREFIX = "pb_";

  /** A key just created: its secret (returned once, never stored) and its record. */
  public record Created(String secret, ApiKeyEntity key) {}

  @Inject ApiKeyStore store;

  @Inject
  @ConfigProperty(name = "ponybunny.auth.cache-seconds", defaultValue = "30")
  long cacheSeconds;

  private ExpiringCache<String, Identity> cache;
  private final ConcurrentMap<String, Long> lastTouched = new ConcurrentHashMap<>();

  @PostConstruct
  void init() {
    cache = new ExpiringCache<>(cacheSeconds * 1000, 50_000, System::currentTimeMillis);
  }

  /** Whether {@code token} has the shape of a PonyBunny key. */
  public static boolean looksLikeKey(String token) {
    return token.startsWith(PREFIX);
  }

  public Created create(String name, String owner, Role role, String createdBy, Long expiresAt) {
    return create(name, owner, role, createdBy, expiresAt, null, null, null, null);
  }

  /** As above, with the key's own limits (null: its owner's quota). */
  public Created create(
      String name,
      String owner,
      Role role,
      String createdBy,
      Long expiresAt,
      Integer requestsPerMinute,
      Integer concurrentStreams,
      Long tokensPerDay,
      BigDecimal usdPerDay) {
    String secret = PREFIX + Secrets.random(32);
    ApiKeyEntity key =
        new ApiKeyEntity(
            "key_" + Secrets.random(12),
            Secrets.sha256(secret),
            secret.substring(0, PREFIX.length() + 6),
            name,
            owner,
            role,
            createdBy,
            System.currentTimeMillis(),
            expiresAt);
    key.setLimits(requestsPerMinute, concurrentStreams, tokensPerDay);
    key.setUsdPerDay(usdPerDay);
    store.insert(key);
    return new Created(secret, key);
  }

  /** The identity a usable key acts as. */
  public Optional<Identity> resolve(String secret) {
    if (secret.length() > 200) {
      return Optional.empty();
    }
    String hash = Secrets.sha256(secret);
    Identity cached = cache.get(hash);
    if (cached == null) {
      long now = System.currentTimeMillis();
      Optional<ApiKeyEntity> key = store.findBySecretHash(hash).filter(k -> k.usable(now));
      if (key.isEmpty()) {
        return Optional.empty();
      }
      cached = identity(key.get());
      cache.put(hash, cached);
    }
    if (cached.expired(Instant.now())) {
      return Optional.empty();
    }
    touch(cached.credentialId());
    return Optional.of(cached);
  }

  /** Whether the key behind {@code identity} is still usable (for open sockets). */
  public boolean stillValid(Identity identity) {
    long now = System.currentTimeMillis();
    if (cache.containsValue(identity)) {
      return !identity.expired(java.time.Instant.ofEpochMilli(now));
    }
    return store.find(identity.credentialId()).filter(k -> k.usable(now)).isPresent();
  }

  public Optional<ApiKeyEntity> find(String id) {
    return store.find(id);
  }

  /** How many keys of {@code owner} work now. */
  public long usableCount(String owner) {
    long now = System.currentTimeMillis();
    return store.openKeysOf(owner).stream().filter(k -> k.usable(now)).count();
  }

  public List<ApiKeyEntity> list(String owner) {
    return store.list(owner);
  }

  /** Revokes a key, effective at once on this server. */
  public boolean revoke(ApiKeyEntity key) {
    cache.invalidate(key.getSecretHash());
    return store.revoke(key.getId(), System.currentTimeMillis());
  }

  /** Revokes the keys of {@code owner} above {@code role} (the owner was demoted). */
  public void revokeAbove(String owner, Role role) {
    if (!store.revokeAbove(owner, role, System.currentTimeMillis()).isEmpty()) {
      cache.clear();
    }
  }

  /** Revokes every key of {@code owner} (account deleted). */
  public void revokeAllOf(String owner) {
    store.revokeAllOf(owner, System.currentTimeMillis());
    cache.clear();
  }

  /** Records the last use, at most once a minute per key. */
  private void touch(String id) {
    long now = System.currentTimeMillis();
    Long last = lastTouched.get(id);
    if (last == null || now - last > 60_000) {
      lastTouched.put(id, now);
      store.touch(id, now);
    }
  }

  private static Identity identity(ApiKeyEntity k) {
    return new Identity(
        k.getOwner(),
        k.role(),
        Identity.Via.KEY,
        k.getId(),
        k.getExpiresAt() == null ? null : Instant.ofEpochMilli(k.getExpiresAt()),
        null);
  }
}
