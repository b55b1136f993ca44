package io.ponybunny.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

  private final ExecutorService backing = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    backing.shutdownNow();
  }

  @Test
  void anIdleLaneRunsTheTaskOnTheCallersThread() {
    SerialExecutor lane = new SerialExecutor(backing);
    Thread[] ranOn = new Thread[1];
    lane.callerRunsWhenIdle().execute(() -> ranOn[0] = Thread.currentThread());
    assertSame(Thread.currentThread(), ranOn[0]);
    assertTrue(lane.idle());
  }

  @Test
  void theOrdinaryViewAlwaysHandsOff() throws Exception {
    SerialExecutor lane = new SerialExecutor(backing);
    CountDownLatch ran = new CountDownLatch(1);
    Thread[] ranOn = new Thread[1];
    lane.execute(
        () -> {
          ranOn[0] = Thread.currentThread();
          ran.countDown();
        });
    assertTrue(ran.await(5, TimeUnit.SECONDS));
    assertNotSame(Thread.currentThread(), ranOn[0]);
  }

  @Test
  void aBusyLaneQueuesCallerRunsTasksBehindTheRunningOneInOrder() throws Exception {
    SerialExecutor lane = new SerialExecutor(backing);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(4);
    List<Integer> order = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    lane.execute(
        () -> {
          started.countDown();
          await(release);
          order.add(0);
          done.countDown();
        });
    assertTrue(started.await(5, TimeUnit.SECONDS));
    for (int i = 1; i <= 3; i++) {
      int n = i;
      lane.callerRunsWhenIdle()
          .execute(
              () -> {
                order.add(n);
                threads.add(Thread.currentThread());
                done.countDown();
              });
    }
    // The caller was not held: the three tasks wait behind the running one.
    assertEquals(List.of(), order);
    release.countDown();
    assertTrue(done.await(5, TimeUnit.SECONDS));
    assertEquals(List.of(0, 1, 2, 3), order);
    threads.forEach(t -> assertNotSame(Thread.currentThread(), t));
  }

  @Test
  void aTaskQueuedByARunningTaskRunsAfterItOnTheSameThread() {
    SerialExecutor lane = new SerialExecutor(backing);
    List<String> order = new CopyOnWriteArrayList<>();
    lane.callerRunsWhenIdle()
        .execute(
            () -> {
              lane.callerRunsWhenIdle().execute(() -> order.add("inner"));
              order.add("outer");
            });
    assertEquals(List.of("outer", "inner"), order);
  }

  @Test
  void aFailingTaskDoesNotStallTheOnesBehindIt() {
    SerialExecutor lane = new SerialExecutor(backing);
    List<String> order = new CopyOnWriteArrayList<>();
    lane.callerRunsWhenIdle()
        .execute(
            () -> {
              lane.callerRunsWhenIdle().execute(() -> order.add("after"));
              throw new IllegalStateException("observer failed");
            });
    assertEquals(List.of("after"), order);
    assertTrue(lane.idle());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
