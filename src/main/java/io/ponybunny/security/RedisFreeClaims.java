package io.ponybunny.security;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Free-form channel owners in cluster mode, kept in Redis so that every instance agrees: the first
 * principal that uses a free-form channel id anywhere in the cluster owns it ({@code SET NX}), and
 * keeps it while it is used at least once per {@link #TTL}. Redis unreachable: no owner can be
 * established, so the claim is refused (the channel is nobody's: only admins may use it).
 */
final class RedisFreeClaims implements ChannelOwners.FreeOwners {

  /** How long an unused free-form channel stays its owner's. */
  static final Duration TTL = Duration.ofHours(24);

  private static final String PREFIX = "pb:free:";

  private final Supplier<RedisCommands<String, String>> redis;
  private final Duration ttl;

  RedisFreeClaims(Supplier<RedisCommands<String, String>> redis, Duration ttl) {
    this.redis = redis;
    this.ttl = ttl;
  }

  @Override
  public String claim(String channel, String principal) {
    try {
      RedisCommands<String, String> r = redis.get();
      String key = PREFIX + channel;
      if ("OK".equals(r.set(key, principal, SetArgs.Builder.nx().ex(ttl)))) {
        return principal;
      }
      String owner = r.get(key);
      if (principal.equals(owner)) {
        r.expire(key, ttl);
      }
      return owner == null ? claimAgain(r, key, principal) : owner;
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** The key expired between SET NX and GET: one more try. */
  private String claimAgain(RedisCommands<String, String> r, String key, String principal) {
    if ("OK".equals(r.set(key, principal, SetArgs.Builder.nx().ex(ttl)))) {
      return principal;
    }
    String owner = r.get(key);
    return owner == null ? "" : owner;
  }

  @Override
  public String owner(String channel) {
    try {
      return redis.get().get(PREFIX + channel);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
