package io.ponybunny.llm.call;

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
import java.util.function.LongSupplier;

/**
 * Aborts provider calls that go silent. One ticker checks every watched attempt: before the first
 * text the first-token deadline applies (measured from the attempt's start; keep-alive pings do not
 * extend it), afterwards the idle deadline (any bytes, pings included, count as activity). A call's
 * wall-clock deadline ({@code ponybunny.stream.max-duration-seconds}) applies to all its attempts
 * alike: when it passes the attempt is aborted as {@code total_timeout}.
 */
@ApplicationScoped
public class StreamWatchdog {

  private static final long TICK_MS = 50;

  /** The error type of a call that reached its wall-clock deadline. */
  public static final String TOTAL_TIMEOUT = "total_timeout";

  @Resource ManagedScheduledExecutorService scheduler;

  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
  private ScheduledFuture<?> ticker;

  /** The nanosecond clock deadlines are measured on (tests pass their own). */
  LongSupplier clock = System::nanoTime;

  public StreamWatchdog() {}

  /** For tests: a watchdog on {@code nanoClock}, ticked by hand ({@link #tick()}). */
  StreamWatchdog(LongSupplier nanoClock) {
    this.clock = nanoClock;
  }

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
    return watch(firstToken, idle, Long.MAX_VALUE, abort);
  }

  /**
   * Starts watching an attempt of a call that must end by {@code deadline} (on {@link #now()};
   * {@code Long.MAX_VALUE} for none); {@code abort} runs once if any deadline passes.
   */
  public Watch watch(Duration firstToken, Duration idle, long deadline, Runnable abort) {
    Watch w = new Watch(firstToken.toNanos(), idle.toNanos(), deadline, abort);
    watches.add(w);
    if (deadline != Long.MAX_VALUE) {
      w.check(now());
    }
    return w;
  }

  /** The current time of this watchdog's clock, in nanoseconds. */
  public long now() {
    return clock.getAsLong();
  }

  void tick() {
    long now = now();
    for (Watch w : watches) {
      w.check(now);
    }
  }

  /** One watched attempt. Reader threads report activity; the ticker enforces the deadlines. */
  public final class Watch implements AutoCloseable {
    private final long firstTokenNanos;
    private final long idleNanos;
    private final long deadline;
    private final Runnable abort;
    private final long start = now();
    private volatile long lastActivity = start;
    private volatile boolean firstTokenSeen;
    private volatile String expired;

    Watch(long firstTokenNanos, long idleNanos, long deadline, Runnable abort) {
      this.firstTokenNanos = firstTokenNanos;
      this.idleNanos = idleNanos;
      this.deadline = deadline;
      this.abort = abort;
    }

    /** Bytes arrived. */
    public void activity() {
      lastActivity = now();
    }

    /** The first text arrived: from now on the idle deadline applies. */
    public void firstToken() {
      lastActivity = now();
      firstTokenSeen = true;
    }

    /**
     * {@code first_token_timeout}, {@code idle_timeout} or {@code total_timeout} once a deadline
     * passed, else null.
     */
    public String expired() {
      return expired;
    }

    /** The first-token or idle limit that applies now (that passed, once one did). */
    public Duration limit() {
      return Duration.ofNanos(firstTokenSeen ? idleNanos : firstTokenNanos);
    }

    synchronized void check(long now) {
      if (expired != null) {
        return;
      }
      if (deadline != Long.MAX_VALUE && now - deadline >= 0) {
        expire(TOTAL_TIMEOUT);
      } else if (!firstTokenSeen && now - start > firstTokenNanos) {
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
