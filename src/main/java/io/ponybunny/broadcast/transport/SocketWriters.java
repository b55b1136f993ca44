package io.ponybunny.broadcast.transport;

import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How frames reach the sockets ({@code ponybunny.ws.blocking-sends}). Liberty's asynchronous send
 * hands every frame to its write-selector thread and then to a worker (~75 µs of CPU a frame on two
 * cores); its blocking send writes on the caller's thread (~13 µs) but waits, with no timeout, for
 * a client that stops reading. Blocking sends are therefore made only where a blocked write holds
 * no publisher: on virtual threads, one per send, on Java 24 and later, where {@code synchronized}
 * no longer pins a virtual thread to its carrier (JEP 491); below that on a {@link WriterPool} of
 * platform threads, which falls back to the asynchronous send while half of its writers are stuck.
 */
public final class SocketWriters {

  /** Where frames are written. */
  public enum Mode {
    /** The container's asynchronous send. */
    ASYNC,
    /** Blocking sends, each on a virtual thread of its own. */
    VIRTUAL_THREADS,
    /** Blocking sends on a {@link WriterPool} of platform threads. */
    THREAD_POOL
  }

  private SocketWriters() {}

  /** The mode for a setting on this JVM. */
  public static Mode mode(String setting) {
    return mode(setting, Runtime.version().feature());
  }

  /**
   * {@code auto} (the default): virtual threads on Java 24+, the pool below; {@code true}: virtual
   * threads on Java 21+, the pool below; {@code pool}: the pool; {@code false}: the asynchronous
   * send.
   */
  static Mode mode(String setting, int javaFeature) {
    return switch (setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT)) {
      case "false" -> Mode.ASYNC;
      case "pool" -> Mode.THREAD_POOL;
      case "true" -> javaFeature >= 21 ? Mode.VIRTUAL_THREADS : Mode.THREAD_POOL;
      default -> javaFeature >= 24 ? Mode.VIRTUAL_THREADS : Mode.THREAD_POOL;
    };
  }

  /**
   * The executor for blocking sends in {@code mode}, or null for the asynchronous send (also when
   * virtual threads are asked for on a JVM without them); {@code poolThreads} sizes a pool.
   */
  public static ExecutorService open(Mode mode, int poolThreads) {
    return switch (mode) {
      case ASYNC -> null;
      case THREAD_POOL -> new WriterPool(poolThreads);
      case VIRTUAL_THREADS -> virtualThreads();
    };
  }

  /**
   * The pool's default size: twice the processors, at least 4. More writers only take turns on the
   * cores (in B3 at 100k deliveries/s offered on two cores, 16 writers fell to 93 % of the bare
   * endpoint at p50 962 ms where 4 kept 101 % at 43 ms), and once half of them are stuck every
   * frame goes the asynchronous way anyway.
   */
  public static int poolThreads() {
    return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  }

  private static ExecutorService virtualThreads() {
    try {
      // Java 21 API, looked up so that the bytecode still targets Java 17.
      return (ExecutorService)
          Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
