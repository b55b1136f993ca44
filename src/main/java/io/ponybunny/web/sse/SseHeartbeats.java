package io.ponybunny.web.sse;

import io.ponybunny.broadcast.BroadcastConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the open server-sent event responses honest, on one timer for all: every {@value
 * #TICK_MILLIS} ms each idle one gets a {@code : ping} comment ({@link SseOutput#ping}), so a
 * client that went away is noticed by the failed write within a second, and one whose writes have
 * waited longer than {@code ponybunny.ws.send-timeout-ms} (its client stopped reading) is closed.
 * The application's stop closes whatever is still open.
 */
@ApplicationScoped
public class SseHeartbeats {

  /** How often the open responses are looked at. */
  static final long TICK_MILLIS = 100;

  private static final Logger LOG = Logger.getLogger(SseHeartbeats.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject BroadcastConfig config;

  private final Set<SseOutput> open = ConcurrentHashMap.newKeySet();
  private long stallNanos;
  private ScheduledFuture<?> task;

  public SseHeartbeats() {}

  /** Heartbeats outside CDI (tests): ticks come from the test; {@code stallMillis} 0: never. */
  SseHeartbeats(long stallMillis) {
    this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
  }

  @PostConstruct
  void start() {
    stallNanos = TimeUnit.MILLISECONDS.toNanos(config.senders().sendTimeoutMillis());
    task =
        scheduler.scheduleWithFixedDelay(
            this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
    for (SseOutput out : open) {
      out.close();
    }
    open.clear();
  }

  /** Looks after {@code out} until it closes. */
  public void watch(SseOutput out) {
    open.add(out);
    out.onClosed(() -> open.remove(out));
  }

  /** Pings the idle responses, closes the stalled ones. */
  void tick() {
    for (SseOutput out : open) {
      try {
        if (stallNanos > 0 && out.stalledLongerThan(stallNanos)) {
          out.close();
        } else {
          out.ping();
        }
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "heartbeat failed", e);
      }
    }
  }

  /** Responses looked after (tests). */
  int watched() {
    return open.size();
  }
}
