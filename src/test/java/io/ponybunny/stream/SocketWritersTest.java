package io.ponybunny.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SocketWritersTest {

  private static final int JAVA = Runtime.version().feature();

  @Test
  void falseAlwaysKeepsTheAsynchronousSend() {
    assertNull(SocketWriters.open("false"));
  }

  @Test
  void autoBlocksOnJava24AndLater() throws Exception {
    check(SocketWriters.open("auto"), JAVA >= 24);
    check(SocketWriters.open(null), JAVA >= 24);
    check(SocketWriters.open(" AUTO "), JAVA >= 24);
  }

  @Test
  void trueBlocksOnJava21AndLater() throws Exception {
    check(SocketWriters.open("true"), JAVA >= 21);
  }

  /** {@code writers} exists exactly when expected, and then runs tasks on virtual threads. */
  private static void check(ExecutorService writers, boolean expected) throws Exception {
    assertEquals(expected, writers != null, "Java " + JAVA);
    if (writers == null) {
      return;
    }
    try {
      CompletableFuture<Boolean> virtual = new CompletableFuture<>();
      writers.execute(
          () -> {
            try {
              virtual.complete(
                  (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
            } catch (ReflectiveOperationException e) {
              virtual.completeExceptionally(e);
            }
          });
      assertEquals(true, virtual.get(10, TimeUnit.SECONDS));
    } finally {
      writers.shutdown();
    }
  }
}
