package io.ponybunny.cluster;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Notices between instances over Redis pub/sub (channel {@code pb:control}): a cancel asked for on
 * one instance reaches the instance running the goal or call within a round trip, where it is fired
 * as a {@link CancelNotice} CDI event. Durable state (a goal's cancel flag in the database) is kept
 * by the sender as well, so a notice missed during a Redis outage is caught by the next lease
 * heartbeat. On a single node, {@link #send} fires the event locally and nothing connects.
 */
@ApplicationScoped
public class ControlNotices {

  private static final Logger LOG = Logger.getLogger(ControlNotices.class.getName());
  static final String CHANNEL = "pb:control";

  @Inject ClusterConfig config;
  @Inject ClusterRedis redis;
  @Inject Event<CancelNotice> notices;

  @Resource ManagedExecutorService executor;

  @Resource ContextService contexts;

  /**
   * Runs a task in the application's context, captured at start: notices arrive on Lettuce's
   * threads, which have none, and beans first made there would miss their resources.
   */
  private Executor inApplication;

  private StatefulRedisPubSubConnection<String, String> subscription;
  private StatefulRedisConnection<String, String> publisher;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    if (!config.enabled()) {
      return;
    }
    inApplication = contexts.currentContextExecutor();
    try {
      subscription = redis.client().connectPubSub();
      subscription.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              CancelNotice notice = CancelNotice.decode(message);
              if (notice != null) {
                executor.execute(() -> inApplication.execute(() -> deliver(notice)));
              }
            }
          });
      subscription.sync().subscribe(CHANNEL);
    } catch (RuntimeException e) {
      // Redis is away at start: cancels still arrive through the durable flag; readiness says so.
      LOG.log(Level.WARNING, "control notices unavailable: " + e.getClass().getSimpleName());
    }
  }

  /** Tells every instance (this one too) to cancel the goal or call, if it runs it. */
  public void send(CancelNotice notice) {
    if (!config.enabled()) {
      deliver(notice);
      return;
    }
    try {
      StatefulRedisConnection<String, String> c;
      synchronized (this) {
        if (publisher == null || !publisher.isOpen()) {
          publisher = redis.client().connect();
        }
        c = publisher;
      }
      c.async()
          .publish(CHANNEL, notice.encode())
          .get(config.redisTimeoutMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.log(
          Level.WARNING,
          "cancel notice for " + notice.id() + " not sent (" + e.getClass().getSimpleName() + ")");
      deliver(notice); // at least this instance
    }
  }

  private void deliver(CancelNotice notice) {
    try {
      notices.fire(notice);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cancel notice for " + notice.id() + " failed", e);
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (subscription != null) {
      subscription.close();
    }
    if (publisher != null) {
      publisher.close();
    }
  }
}
