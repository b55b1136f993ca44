package io.ponybunny.broadcast.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The append queue and the one thread that empties it. {@link #offer} never blocks: it queues, or
 * drops and counts when {@code maxPending} events already wait, queued or in the batch being sent
 * (or the flusher is closing). The thread takes what is queued, up to {@code maxBatch} events, in
 * queue order across all channels, and sends it as one script call; it takes nothing while Redis is
 * not {@code ready}, and it sends a failed batch again (after a short backoff) before anything
 * queued behind it, so order holds. Every event of a batch carries this writer's counter (rising in
 * queue order, kept on a retry): the script skips an event whose counter the channel already
 * applied, so a retry of a call that did run (its answer lost) duplicates nothing. A batch Redis
 * refuses for good (not a passing state) is dropped and counted.
 */
final class AppendFlusher {

  /** An append waiting to be sent. */
  record Pending(String channel, String eventName, String data, long timestamp) {}

  private static final Logger LOG = Logger.getLogger(AppendFlusher.class.getName());

  private static final long IDLE_POLL_MILLIS = 100;
  private static final long NOT_READY_POLL_MILLIS = 20;
  private static final long MAX_BACKOFF_MILLIS = 1000;

  private final LogScripts scripts;
  private final ChannelKeys keys;
  private final RedisChannelLog.Settings settings;
  private final BooleanSupplier ready;
  private final String writerField;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final Object signal = new Object();
  private final Thread thread;

  private volatile boolean closing;
  private volatile long deadlineNanos;

  // Flusher thread only.
  private long counter;
  private boolean failing;

  AppendFlusher(
      LogScripts scripts,
      ChannelKeys keys,
      RedisChannelLog.Settings settings,
      BooleanSupplier ready,
      String writerId,
      String threadName) {
    this.scripts = scripts;
    this.keys = keys;
    this.settings = settings;
    this.ready = ready;
    this.writerField = "w:" + writerId;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues {@code pending}; false (and counted) when it was dropped. */
  boolean offer(Pending pending) {
    if (closing) {
      dropped.incrementAndGet();
      return false;
    }
    if (waiting.incrementAndGet() > settings.maxPending()) {
      waiting.decrementAndGet();
      dropped.incrementAndGet();
      return false;
    }
    queue.add(pending);
    return true;
  }

  long dropped() {
    return dropped.get();
  }

  /** Tells the thread that Redis may be ready again. */
  void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /**
   * Stops taking appends, sends what is queued within {@code timeoutMillis} (what is left is
   * counted as dropped) and stops the thread.
   */
  void close(long timeoutMillis) throws InterruptedException {
    deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    closing = true;
    wake();
    thread.join(timeoutMillis + IDLE_POLL_MILLIS + 1000);
    if (thread.isAlive()) {
      thread.interrupt();
      thread.join(1000);
    }
    // An append that raced with closing may have come in after the thread's last look.
    List<Pending> late = new ArrayList<>();
    queue.drainTo(late);
    dropped.addAndGet(late.size());
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    long first = 0;
    long backoff = 0;
    try {
      while (true) {
        // closing first: close() sets the deadline before it, so a deadline read after it is
        // the closing one (read before, it was still 0: everything queued was dropped at once)
        boolean isClosing = closing;
        long remaining =
            isClosing
                ? TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())
                : Long.MAX_VALUE;
        if (isClosing && (remaining <= 0 || (batch.isEmpty() && queue.isEmpty()))) {
          break;
        }
        if (!ready.getAsBoolean()) {
          pause(NOT_READY_POLL_MILLIS);
          continue;
        }
        if (batch.isEmpty()) {
          Pending next = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
          if (next == null) {
            continue;
          }
          batch.add(next);
          queue.drainTo(batch, settings.maxBatch() - 1);
          first = counter + 1;
          counter += batch.size();
          continue; // Redis may have gone while the thread waited for appends: look again
        }
        long timeout =
            closing ? Math.min(settings.timeoutMillis(), remaining) : settings.timeoutMillis();
        try {
          scripts.append(keysOf(batch), argsOf(batch, first), timeout);
          waiting.addAndGet(-batch.size());
          batch.clear();
          backoff = 0;
          if (failing) {
            failing = false;
            LOG.info("Redis answers again: channel appends flow");
          }
        } catch (RedisUnavailableException e) {
          if (!failing) {
            failing = true;
            LOG.warning(
                "channel appends wait for Redis (at most "
                    + settings.maxPending()
                    + " queued, newer ones dropped): "
                    + e.getMessage());
          }
          backoff = Math.min(Math.max(backoff * 2, 10), MAX_BACKOFF_MILLIS);
          pause(backoff);
        } catch (RuntimeException e) {
          // Refused for good (IllegalStateException), or a fault of this code: never retried.
          dropped.addAndGet(batch.size());
          waiting.addAndGet(-batch.size());
          LOG.log(Level.WARNING, batch.size() + " channel appends dropped", e);
          batch.clear();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      int lost = batch.size() + queue.size();
      queue.clear();
      if (lost > 0) {
        dropped.addAndGet(lost);
        LOG.warning(lost + " channel appends not sent before the log closed");
      }
    }
  }

  private void pause(long millis) throws InterruptedException {
    synchronized (signal) {
      signal.wait(millis);
    }
  }

  private String[] keysOf(List<Pending> batch) {
    String[] k = new String[batch.size() * 2];
    for (int i = 0; i < batch.size(); i++) {
      String channel = batch.get(i).channel();
      k[2 * i] = keys.meta(channel);
      k[2 * i + 1] = keys.stream(channel);
    }
    return k;
  }

  private String[] argsOf(List<Pending> batch, long first) {
    String[] a = new String[5 + batch.size() * 5];
    a[0] = LogScripts.token();
    a[1] = Integer.toString(settings.maxEvents());
    a[2] = Long.toString(settings.ttlMillis());
    a[3] = writerField;
    a[4] = keys.topicPrefix();
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      int at = 5 + 5 * i;
      a[at] = p.channel();
      a[at + 1] = Long.toString(first + i);
      a[at + 2] = p.eventName();
      a[at + 3] = Long.toString(p.timestamp());
      a[at + 4] = p.data();
    }
    return a;
  }
}
