package io.ponybunny.stream;

import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How frames reach the sockets ({@code ponybunny.ws.blocking-sends}). Liberty's asynchronous send
 * hands every frame to its write-selector thread and then to a worker (~75 µs of CPU a frame on two
 * cores); its blocking send writes on the caller's thread (~13 µs) but waits, with no timeout, for
 * a client that stops reading. Blocking sends are therefore made only on virtual threads, one per
 * send, where a blocked write costs a parked thread and no carrier: on Java 24 and later, where
 * {@code synchronized} no longer pins a virtual thread to its carrier (JEP 491).
 */
public final class SocketWriters {

  private SocketWriters() {}

  /**
   * The executor for blocking sends, or null for the container's asynchronous send: {@code auto}
   * (the default) blocks on Java 24+, {@code true} on Java 21+, {@code false} never.
   */
  public static ExecutorService open(String mode) {
    int feature = Runtime.version().feature();
    boolean blocking =
        switch (mode == null ? "auto" : mode.trim().toLowerCase(Locale.ROOT)) {
          case "true" -> feature >= 21;
          case "false" -> false;
          default -> feature >= 24;
        };
    if (!blocking) {
      return null;
    }
    try {
      // Java 21 API, looked up so that the bytecode still targets Java 17.
      return (ExecutorService)
          Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
