package io.ponybunny.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The instance's one Redis client (Lettuce), made on first use in cluster mode and shut down with
 * the application. Its users open their own connections on it. Also answers whether Redis answers
 * now (readiness). The URL may carry a password: only {@link #describe} is ever logged.
 */
@ApplicationScoped
public class ClusterRedis {

  @Inject ClusterConfig config;

  private RedisClient client;
  private StatefulRedisConnection<String, String> probe;

  /** The client; throws {@link IllegalStateException} on a single node. */
  public synchronized RedisClient client() {
    if (!config.enabled()) {
      throw new IllegalStateException("not in cluster mode");
    }
    if (client == null) {
      RedisURI uri = RedisURI.create(config.redisUrl());
      uri.setTimeout(Duration.ofMillis(config.redisTimeoutMillis()));
      client = RedisClient.create(uri);
      client.setOptions(
          ClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .socketOptions(
                  SocketOptions.builder()
                      .connectTimeout(Duration.ofMillis(config.redisTimeoutMillis()))
                      .build())
              .timeoutOptions(
                  TimeoutOptions.enabled(Duration.ofMillis(config.redisTimeoutMillis())))
              .build());
    }
    return client;
  }

  /**
   * The instance's shared connection for plain commands (thread-safe; commands time out after
   * {@code ponybunny.cluster.redis-timeout-ms}). Throws {@link io.lettuce.core.RedisException} when
   * Redis cannot be reached.
   */
  public RedisCommands<String, String> commands() {
    return connection().sync();
  }

  /** Whether Redis answers a PING within the timeout now. */
  public boolean ping() {
    try {
      return "PONG"
          .equals(
              connection().async().ping().get(config.redisTimeoutMillis(), TimeUnit.MILLISECONDS));
    } catch (Exception e) {
      return false;
    }
  }

  private synchronized StatefulRedisConnection<String, String> connection() {
    if (probe == null || !probe.isOpen()) {
      probe = client().connect();
    }
    return probe;
  }

  @PreDestroy
  synchronized void close() {
    if (probe != null) {
      probe.close();
    }
    if (client != null) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** The URL without its password, for logs: {@code redis://***@host:port/db}. */
  public static String describe(String url) {
    return url == null ? "" : url.replaceFirst("(?<=://)[^@/]*@", "***@");
  }
}
