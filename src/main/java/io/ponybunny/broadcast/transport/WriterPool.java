package io.ponybunny.broadcast.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Blocking sends on a fixed set of platform threads, for Java 17–23, where a virtual thread blocked
 * in Liberty's write would pin its carrier (see {@link SocketWriters}). A client that stops reading
 * holds one writer until its 4008 close fails the write. So that such clients never hold everybody
 * else's frames, the pool is <em>stalled</em> while at least half of its writers have been inside
 * one send for longer than the stall limit: it then refuses new sends (the sender uses the
 * container's asynchronous send instead) and hands the queued ones back to their senders ({@link
 * Handback}), which send them asynchronously. {@link #handBackIfStalled} does the same from a
 * timer, for when no new send arrives.
 */
public final class WriterPool extends AbstractExecutorService {

  /** A queued send that can go another way when the pool hands it back. */
  interface Handback extends Runnable {
    /** Sends without the pool; called at most once, and then {@link #run} is never called. */
    void handBack();
  }

  /** How long a writer may be inside one send before it counts as stalled. */
  public static final long STALL_MILLIS = 500;

  private final int threads;
  private final long stallNanos;
  private final LongSupplier clock;
  private final AtomicLongArray started; // per writer: when its current send began; 0: idle
  private final Pool pool;

  public WriterPool(int threads) {
    this(threads, TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS), System::nanoTime);
  }

  /** A pool on its own clock ({@link System#nanoTime()} units), for tests. */
  public WriterPool(int threads, long stallNanos, LongSupplier clock) {
    if (threads < 1) {
      throw new IllegalArgumentException("writer threads must be at least 1: " + threads);
    }
    this.threads = threads;
    this.stallNanos = stallNanos;
    this.clock = clock;
    this.started = new AtomicLongArray(threads);
    AtomicInteger slots = new AtomicInteger();
    this.pool =
        new Pool(
            threads,
            r -> {
              Writer w = new Writer(r, slots.getAndIncrement());
              w.setDaemon(true);
              return w;
            });
  }

  /** Whether at least half of the writers have been inside one send for longer than the limit. */
  public boolean stalled() {
    long now = clock.getAsLong();
    int stuck = 0;
    for (int i = 0; i < threads; i++) {
      long since = started.get(i);
      if (since != 0 && now - since > stallNanos) {
        stuck++;
      }
    }
    return stuck * 2 >= threads;
  }

  /** Hands the queued sends back to their senders if the pool is stalled. */
  public void handBackIfStalled() {
    if (stalled()) {
      handBackQueued();
    }
  }

  private void handBackQueued() {
    List<Runnable> queued = new ArrayList<>();
    pool.getQueue().drainTo(queued);
    for (Runnable r : queued) {
      if (r instanceof Handback h) {
        h.handBack();
      } else if (!pool.getQueue().offer(r)) {
        r.run();
      }
    }
  }

  /**
   * Queues {@code task} for a writer.
   *
   * @throws RejectedExecutionException when the pool is stalled (after handing the queued sends
   *     back) or shut down
   */
  @Override
  public void execute(Runnable task) {
    if (stalled()) {
      handBackQueued();
      throw new RejectedExecutionException("every other socket writer is stalled");
    }
    pool.execute(task);
  }

  @Override
  public void shutdown() {
    pool.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return pool.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return pool.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return pool.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return pool.awaitTermination(timeout, unit);
  }

  /** A writer thread with its slot in {@link #started}. */
  private static final class Writer extends Thread {
    final int slot;

    Writer(Runnable r, int slot) {
      super(r, "ponybunny-ws-writer-" + slot);
      this.slot = slot;
    }
  }

  /** The executor, marking each writer's send start and end. */
  private final class Pool extends ThreadPoolExecutor {
    Pool(int threads, java.util.concurrent.ThreadFactory factory) {
      super(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
    }

    @Override
    protected void beforeExecute(Thread t, Runnable r) {
      started.set(((Writer) t).slot, clock.getAsLong());
    }

    @Override
    protected void afterExecute(Runnable r, Throwable t) {
      started.set(((Writer) Thread.currentThread()).slot, 0);
    }
  }
}
