package io.ponybunny.broadcast.redis;

import io.ponybunny.broadcast.redis.RedisChannelLog.Entry;
import io.ponybunny.broadcast.redis.RedisChannelLog.Listener;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands what Redis pushed to the {@link Listener} on one thread of its own, in the order it was
 * handed in (Netty's event loop only queues). An entry goes out only if its channel is still
 * followed when its turn comes. A listener that throws is logged and keeps getting the rest. The
 * queue is unbounded: the listener must keep up (it only hands frames on).
 */
final class Delivery {

  private static final Logger LOG = Logger.getLogger(Delivery.class.getName());

  private static final Object RECONNECTED = new Object();
  private static final Object STOP = new Object();

  private record Item(String channel, Entry entry) {}

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Listener listener;
  private final Predicate<String> followed;
  private final Thread thread;

  Delivery(Listener listener, Predicate<String> followed, String threadName) {
    this.listener = listener;
    this.followed = followed;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void entry(String channel, Entry entry) {
    queue.add(new Item(channel, entry));
  }

  void reconnected() {
    queue.add(RECONNECTED);
  }

  /** Stops the thread once it has handed on what is queued before, waiting at most so long. */
  void close(long timeoutMillis) throws InterruptedException {
    queue.add(STOP);
    if (Thread.currentThread() == thread) {
      return;
    }
    thread.join(timeoutMillis);
    if (thread.isAlive()) {
      thread.interrupt();
      thread.join(timeoutMillis);
    }
  }

  /**
   * A catch-up that could not finish (Redis answered the subscription before its commands
   * connection was back, or timed out) is tried again after this long, until one finishes.
   */
  static final long CATCH_UP_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private void run() {
    long retryAt = 0; // when the next catch-up try is due; 0: none owed
    try {
      while (true) {
        Object next =
            retryAt == 0
                ? queue.take()
                : queue.poll(Math.max(0, retryAt - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (next == STOP) {
          return;
        }
        try {
          if (next == null || next == RECONNECTED) {
            retryAt = 0;
            if (!listener.reconnected()) {
              retryAt = System.nanoTime() + CATCH_UP_RETRY_NANOS;
            }
          } else {
            Item item = (Item) next;
            if (followed.test(item.channel())) {
              listener.entry(item.channel(), item.entry());
            }
          }
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "channel log listener failed", e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
