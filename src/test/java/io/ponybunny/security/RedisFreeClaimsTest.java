package io.ponybunny.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.ponybunny.testing.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * In a cluster a free-form channel belongs to the first principal that used it on any instance:
 * another principal on another instance cannot take it (the cross-tenant read a per-instance claim
 * would allow); an unused claim expires; without Redis nobody but admins gets a channel.
 */
class RedisFreeClaimsTest {

  @Test
  void aChannelClaimedOnOneInstanceIsTheSameOwnersOnAnother() throws Exception {
    try (RedisServer redis = new RedisServer()) {
      RedisClient client = RedisClient.create(redis.url());
      try (StatefulRedisConnection<String, String> one = client.connect();
          StatefulRedisConnection<String, String> two = client.connect()) {
        RedisFreeClaims onNode1 = new RedisFreeClaims(one::sync, Duration.ofHours(1));
        RedisFreeClaims onNode2 = new RedisFreeClaims(two::sync, Duration.ofHours(1));
        assertNull(onNode2.owner("tryit-1"));
        assertEquals("alice", onNode1.claim("tryit-1", "alice"));
        assertEquals("alice", onNode2.claim("tryit-1", "bob"), "bob cannot take alice's channel");
        assertEquals("alice", onNode2.owner("tryit-1"));
        assertEquals("alice", onNode2.claim("tryit-1", "alice"));
        assertEquals("bob", onNode2.claim("tryit-2", "bob"));
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void anUnusedClaimExpiresAndAUsedOneIsKept() throws Exception {
    try (RedisServer redis = new RedisServer()) {
      RedisClient client = RedisClient.create(redis.url());
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        RedisFreeClaims claims = new RedisFreeClaims(c::sync, Duration.ofSeconds(100));
        claims.claim("kept", "alice");
        claims.claim("dropped", "alice");
        c.sync().expire("pb:free:kept", 1);
        claims.claim("kept", "alice"); // used again: its time starts over
        assertTrue(c.sync().ttl("pb:free:kept") > 50, "refreshed by its owner's use");
        c.sync().del("pb:free:dropped"); // as its expiry would
        assertEquals("bob", claims.claim("dropped", "bob"));
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void withoutRedisNobodyOwnsAChannel() throws Exception {
    RedisServer redis = new RedisServer();
    RedisClient client = RedisClient.create(redis.url());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      // as in production (ponybunny.cluster.redis-timeout-ms), not Lettuce's 60 s default
      c.setTimeout(Duration.ofSeconds(1));
      RedisFreeClaims claims = new RedisFreeClaims(c::sync, Duration.ofHours(1));
      redis.close();
      assertEquals("", claims.claim("tryit-3", "alice"), "refused: only admins may use it");
      assertNull(claims.owner("tryit-3"));
    } finally {
      client.shutdown();
    }
  }
}
