package io.ponybunny.broadcast.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriterPoolTest {

  private static final long STALL = 1_000;

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final CountDownLatch gate = new CountDownLatch(1);
  private WriterPool pool;

  @AfterEach
  void release() throws InterruptedException {
    gate.countDown();
    if (pool != null) {
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  private WriterPool pool(int threads) {
    pool = new WriterPool(threads, STALL, clock::get);
    return pool;
  }

  /** Occupies {@code n} writers with sends that block until {@link #gate} opens. */
  private void block(int n) throws InterruptedException {
    CountDownLatch running = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      pool.execute(
          () -> {
            running.countDown();
            try {
              gate.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    assertTrue(running.await(10, TimeUnit.SECONDS), "writers busy");
  }

  /** A queued send that records how it went out. */
  private static final class Send implements WriterPool.Handback {
    final AtomicInteger ran = new AtomicInteger();
    final CountDownLatch handedBack = new CountDownLatch(1);
    final AtomicInteger handBacks = new AtomicInteger();

    @Override
    public void run() {
      ran.incrementAndGet();
    }

    @Override
    public void handBack() {
      handBacks.incrementAndGet();
      handedBack.countDown();
    }
  }

  @Test
  void sendsRunInParallelOnItsWriters() throws InterruptedException {
    pool(2);
    CountDownLatch both = new CountDownLatch(2);
    CountDownLatch done = new CountDownLatch(2);
    for (int i = 0; i < 2; i++) {
      pool.execute(
          () -> {
            both.countDown();
            try {
              if (both.await(10, TimeUnit.SECONDS)) {
                done.countDown(); // only when the other writer runs at the same time
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    assertTrue(done.await(10, TimeUnit.SECONDS));
  }

  @Test
  void whileHalfTheWritersAreStalledNewSendsAreRefusedAndQueuedOnesHandedBack() throws Exception {
    pool(2);
    block(2);
    Send queued = new Send();
    pool.execute(queued); // the writers are busy but not yet stalled: it waits in the queue
    assertFalse(pool.stalled());
    clock.addAndGet(STALL + 1);
    assertTrue(pool.stalled());
    Send refused = new Send();
    assertThrows(RejectedExecutionException.class, () -> pool.execute(refused));
    assertTrue(queued.handedBack.await(10, TimeUnit.SECONDS));
    gate.countDown();
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    assertEquals(0, queued.ran.get(), "a handed-back send never runs on a writer as well");
    assertEquals(1, queued.handBacks.get());
    assertEquals(0, refused.ran.get() + refused.handBacks.get(), "the refused one is the caller's");
  }

  @Test
  void theTimerHandsQueuedSendsBackWithoutANewSend() throws Exception {
    pool(1);
    block(1);
    Send queued = new Send();
    pool.execute(queued);
    pool.handBackIfStalled();
    assertEquals(0, queued.handBacks.get(), "not stalled yet");
    clock.addAndGet(STALL + 1);
    pool.handBackIfStalled();
    assertTrue(queued.handedBack.await(10, TimeUnit.SECONDS));
  }

  @Test
  void oneStuckWriterOfFourLeavesThePoolTakingSends() throws Exception {
    pool(4);
    block(1);
    clock.addAndGet(STALL + 1);
    assertFalse(pool.stalled());
    CountDownLatch ran = new CountDownLatch(1);
    pool.execute(ran::countDown);
    assertTrue(ran.await(10, TimeUnit.SECONDS));
  }

  @Test
  void aWriterThatReturnsNoLongerCountsAsStalled() throws Exception {
    pool(1);
    block(1);
    clock.addAndGet(STALL + 1);
    assertTrue(pool.stalled());
    gate.countDown();
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    assertFalse(pool.stalled());
  }

  @Test
  void atLeastOneWriter() {
    assertThrows(IllegalArgumentException.class, () -> new WriterPool(0));
  }
}
