package io.ponybunny.llm;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Aborts provider calls that go silent. One ticker checks every watched attempt: before the first
 * text the first-token deadline applies (measured from the attempt's start; keep-alive pings do not
 * extend it), afterwards the idle deadline (any bytes, pings included, count as activity). There is
 * no cap on the total duration of a live stream.
 */
@ApplicationScoped
public class StreamWatchdog {

  private static final long TICK_MS = 50;

  @Resource ManagedScheduledExecutorService scheduler;

  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
  private ScheduledFuture<?> ticker;

  @PostConstruct
  void start() {
    ticker = scheduler.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (ticker != null) {
      ticker.cancel(false);
    }
  }

  /** Starts watching an attempt; {@code abort} runs once if a deadline passes. */
  public Watch watch(Duration firstToken, Duration idle, Runnable abort) {
    Watch w = new Watch(firstToken.toNanos(), idle.toNanos(), abort);
    watches.add(w);
    return w;
  }

  void tick() {
    long now = System.nanoTime();
    for (Watch w : watches) {
      w.check(now);
    }
  }

  /** One watched attempt. Reader threads report activity; the ticker enforces the deadlines. */
  public final class Watch implements AutoCloseable {
    private final long firstTokenNanos;
    private final long idleNanos;
    private final Runnable abort;
    private final long start = System.nanoTime();
    private volatile long lastActivity = start;
    private volatile boolean firstTokenSeen;
    private volatile String expired;

    Watch(long firstTokenNanos, long idleNanos, Runnable abort) {
      this.firstTokenNanos = firstTokenNanos;
      this.idleNanos = idleNanos;
      this.abort = abort;
    }

    /** Bytes arrived. */
    public void activity() {
      lastActivity = System.nanoTime();
    }

    /** The first text arrived: from now on the idle deadline applies. */
    public void firstToken() {
      lastActivity = System.nanoTime();
      firstTokenSeen = true;
    }

    /** {@code first_token_timeout} or {@code idle_timeout} once a deadline passed, else null. */
    public String expired() {
      return expired;
    }

    /** The deadline that passed, for messages. */
    public Duration limit() {
      return Duration.ofNanos(firstTokenSeen ? idleNanos : firstTokenNanos);
    }

    void check(long now) {
      if (expired != null) {
        return;
      }
      if (!firstTokenSeen && now - start > firstTokenNanos) {
        expire("first_token_timeout");
      } else if (firstTokenSeen && now - lastActivity > idleNanos) {
        expire("idle_timeout");
      }
    }

    private void expire(String type) {
      expired = type;
      watches.remove(this);
      abort.run();
    }

    @Override
    public void close() {
      watches.remove(this);
    }
  }
}
