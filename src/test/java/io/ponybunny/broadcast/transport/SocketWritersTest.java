package io.ponybunny.broadcast.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.broadcast.transport.SocketWriters.Mode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SocketWritersTest {

  private static final int JAVA = Runtime.version().feature();

  @ParameterizedTest(name = "{0} on Java {1}: {2}")
  @CsvSource({
    "auto, 17, THREAD_POOL",
    "auto, 21, THREAD_POOL",
    "auto, 23, THREAD_POOL",
    "auto, 24, VIRTUAL_THREADS",
    "auto, 25, VIRTUAL_THREADS",
    "' AUTO ', 25, VIRTUAL_THREADS",
    "anything else, 17, THREAD_POOL",
    "true, 17, THREAD_POOL",
    "true, 21, VIRTUAL_THREADS",
    "pool, 25, THREAD_POOL",
    "POOL, 17, THREAD_POOL",
    "false, 17, ASYNC",
    "false, 25, ASYNC"
  })
  void modeFollowsTheSettingAndTheJavaVersion(String setting, int java, Mode expected) {
    assertEquals(expected, SocketWriters.mode(setting, java));
  }

  @Test
  void noSettingMeansAuto() {
    assertEquals(SocketWriters.mode("auto", JAVA), SocketWriters.mode(null));
  }

  @Test
  void thePoolDefaultsToTwiceTheProcessorsAndAtLeastFour() {
    int cpus = Runtime.getRuntime().availableProcessors();
    assertEquals(Math.max(4, 2 * cpus), SocketWriters.poolThreads());
  }

  @Test
  void asyncHasNoExecutor() {
    assertNull(SocketWriters.open(Mode.ASYNC, 4));
  }

  @Test
  void thePoolRunsSendsOnPlatformThreads() throws Exception {
    ExecutorService writers = SocketWriters.open(Mode.THREAD_POOL, 2);
    assertInstanceOf(WriterPool.class, writers);
    assertEquals(false, runsVirtual(writers));
  }

  @Test
  void virtualThreadsWhereTheJavaHasThem() throws Exception {
    ExecutorService writers = SocketWriters.open(SocketWriters.mode("auto"), 2);
    assertEquals(JAVA >= 24, runsVirtual(writers), "Java " + JAVA);
  }

  @Test
  void withoutTheServerEverySendIsAsynchronousAndClosesRunOnTheCaller() {
    SocketWriters writers = SocketWriters.asyncOnly();
    assertEquals(Mode.ASYNC, writers.mode());
    assertNull(writers.writer());
    assertNull(writers.closer());
    assertFalse(writers.closerOutlivesStop());
    writers.stop();
  }

  @Test
  void asynchronousSendsCloseOnTheManagedExecutor() {
    Executor managed = Runnable::run;
    RecordingScheduler timer = new RecordingScheduler();
    SocketWriters writers = SocketWriters.start("false", 2, timer.scheduler, managed);
    assertEquals(Mode.ASYNC, writers.mode());
    assertNull(writers.writer());
    assertSame(managed, writers.closer());
    assertTrue(timer.tasks.isEmpty());
  }

  @Test
  void aPoolClosesOnTheManagedExecutorAndIsWatchedForStallsUntilStopped() {
    Executor managed = Runnable::run;
    RecordingScheduler timer = new RecordingScheduler();
    SocketWriters writers = SocketWriters.start("pool", 2, timer.scheduler, managed);
    assertEquals(Mode.THREAD_POOL, writers.mode());
    WriterPool pool = assertInstanceOf(WriterPool.class, writers.writer());
    assertSame(managed, writers.closer());
    assertFalse(writers.closerOutlivesStop(), "the managed executor stops with the server");
    assertEquals(1, timer.tasks.size());
    assertEquals(WriterPool.STALL_MILLIS / 2, timer.tasks.get(0).periodMillis);
    writers.stop();
    assertTrue(timer.tasks.get(0).cancelled);
    assertTrue(pool.isShutdown());
  }

  @Test
  void virtualThreadsWriteAndCloseWhereTheJavaHasThem() {
    Executor managed = Runnable::run;
    SocketWriters writers = SocketWriters.start("true", 0, null, managed);
    try {
      boolean virtual = JAVA >= 21;
      assertEquals(virtual ? Mode.VIRTUAL_THREADS : Mode.THREAD_POOL, writers.mode());
      if (virtual) {
        assertSame(writers.writer(), writers.closer(), "closes on the virtual threads");
      } else {
        assertSame(managed, writers.closer());
      }
      assertEquals(virtual, writers.closerOutlivesStop());
    } finally {
      writers.stop();
    }
  }

  /** Whether {@code writers} runs a task on a virtual thread (false before Java 21). */
  private static boolean runsVirtual(ExecutorService writers) throws Exception {
    try {
      CompletableFuture<Boolean> virtual = new CompletableFuture<>();
      writers.execute(
          () -> {
            try {
              virtual.complete(
                  (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
            } catch (NoSuchMethodException e) {
              virtual.complete(false);
            } catch (ReflectiveOperationException e) {
              virtual.completeExceptionally(e);
            }
          });
      return virtual.get(10, TimeUnit.SECONDS);
    } finally {
      writers.shutdown();
    }
  }
}
