package io.ponybunny.security.session;

import io.ponybunny.security.ExpiringCache;
import io.ponybunny.security.Identity;
import io.ponybunny.security.Role;
import io.ponybunny.security.Secrets;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens, resolves and revokes console sessions. The cookie carries 32 random bytes; the database
 * keeps their SHA-256. Resolved sessions are cached for a few seconds; a revocation on this server
 * takes effect at once.
 */
@ApplicationScoped
public class Sessions {

  /** The session cookie's name. */
  public static final String COOKIE = "pb_session";

  /** Open sessions one user may have. */
  public static final int MAX_PER_USER = 20;

  /** A session just opened: the cookie value (shown to the browser only) and its identity. */
  public record Opened(String cookieValue, Identity identity, Duration lifetime) {}

  @Inject SessionStore store;

  @Inject
  @ConfigProperty(name = "ponybunny.auth.session-hours", defaultValue = "12")
  long sessionHours;

  @Inject
  @ConfigProperty(name = "ponybunny.auth.cache-seconds", defaultValue = "30")
  long cacheSeconds;

  private ExpiringCache<String, Identity> cache;

  @PostConstruct
  void init() {
    cache = new ExpiringCache<>(cacheSeconds * 1000, 50_000, System::currentTimeMillis);
  }

  /**
   * Opens a session for {@code username} in {@code role}; {@code via} says how it signed in. A user
   * keeps at most {@value #MAX_PER_USER} open sessions: the oldest ends.
   */
  public Opened open(String username, Role role, String via) {
    String value = Secrets.random(32);
    long now = System.currentTimeMillis();
    store.trim(username, MAX_PER_USER, now).forEach(cache::invalidate);
    Duration lifetime = Duration.ofHours(sessionHours);
    SessionEntity s =
        new SessionEntity(
            Secrets.sha256(value),
            username,
            role,
            via,
            Secrets.random(24),
            now,
            now + lifetime.toMillis());
    store.insert(s);
    return new Opened(value, identity(s), lifetime);
  }

  /** The identity of a usable session cookie value. */
  public Optional<Identity> resolve(String cookieValue) {
    if (cookieValue == null || cookieValue.length() != 43) {
      return Optional.empty();
    }
    String hash = Secrets.sha256(cookieValue);
    Identity cached = cache.get(hash);
    if (cached != null) {
      return cached.expired(Instant.now()) ? Optional.empty() : Optional.of(cached);
    }
    Optional<Identity> found =
        store.find(hash).filter(s -> s.usable(System.currentTimeMillis())).map(Sessions::identity);
    found.ifPresent(i -> cache.put(hash, i));
    return found;
  }

  /** Whether the session behind {@code identity} is still usable (for open sockets). */
  public boolean stillValid(Identity identity) {
    Identity cached = cache.get(identity.credentialId());
    if (cached != null) {
      return !cached.expired(Instant.now());
    }
    return store
        .find(identity.credentialId())
        .filter(s -> s.usable(System.currentTimeMillis()))
        .isPresent();
  }

  /** Ends the session behind {@code identity}. */
  public void revoke(Identity identity) {
    cache.invalidate(identity.credentialId());
    store.revoke(identity.credentialId(), System.currentTimeMillis());
  }

  /** Ends every session of {@code username} (password reset, role change, deletion). */
  public void revokeAllOf(String username) {
    store.revokeAllOf(username, System.currentTimeMillis()).forEach(cache::invalidate);
  }

  private static Identity identity(SessionEntity s) {
    return new Identity(
        s.getUsername(),
        s.role(),
        Identity.Via.SESSION,
        s.getIdHash(),
        Instant.ofEpochMilli(s.getExpiresAt()),
        s.getCsrfToken());
  }
}
