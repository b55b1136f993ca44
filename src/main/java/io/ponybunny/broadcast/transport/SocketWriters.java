package io.ponybunny.broadcast.transport;

import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * How frames reach the sockets ({@code ponybunny.ws.blocking-sends}), and the writers' lifetime.
 * Liberty's asynchronous send hands every frame to its write-selector thread and then to a worker
 * (~75 µs of CPU a frame on two cores); its blocking send writes on the caller's thread (~13 µs)
 * but waits, with no timeout, for a client that stops reading. Blocking sends are therefore made
 * only where a blocked write holds no publisher: on virtual threads, one per send, on Java 24 and
 * later, where {@code synchronized} no longer pins a virtual thread to its carrier (JEP 491); below
 * that on a {@link WriterPool} of platform threads, which falls back to the asynchronous send while
 * half of its writers are stuck. Close frames, which can wait seconds behind a slow client's unread
 * data, never run on a publisher's thread nor on a bounded writer: they go to the server's managed
 * executor, or to the virtual threads.
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

  private static final Logger LOG = Logger.getLogger(SocketWriters.class.getName());

  private final Mode mode;
  private final ExecutorService writer;
  private final Executor closer;
  private final ScheduledFuture<?> stallWatch;

  private SocketWriters(
      Mode mode, ExecutorService writer, Executor closer, ScheduledFuture<?> stallWatch) {
    this.mode = mode;
    this.writer = writer;
    this.closer = closer;
    this.stallWatch = stallWatch;
  }

  /**
   * Asynchronous sends and closes on the caller's thread (outside the server: unit tests, or a
   * manager made without it).
   */
  public static SocketWriters asyncOnly() {
    return new SocketWriters(Mode.ASYNC, null, null, null);
  }

  /**
   * The writers of {@code setting}: a pool has {@code threads} writers ({@code
   * ponybunny.ws.writer-threads}; 0: {@link #poolThreads()}) and {@code scheduler}, if any, hands
   * its queued sends back while it is stalled; closes run on {@code managedExecutor}, or on the
   * virtual threads.
   */
  public static SocketWriters start(
      String setting, int threads, ScheduledExecutorService scheduler, Executor managedExecutor) {
    Mode wanted = mode(setting);
    int poolThreads = threads > 0 ? threads : poolThreads();
    ExecutorService writer = open(wanted, poolThreads);
    Mode mode = writer == null ? Mode.ASYNC : wanted;
    Executor closer = mode == Mode.VIRTUAL_THREADS ? writer : managedExecutor;
    LOG.info(
        switch (mode) {
          case ASYNC -> "WebSocket frames go out through the container's asynchronous send";
          case VIRTUAL_THREADS ->
              "WebSocket frames go out through blocking sends on virtual threads";
          case THREAD_POOL ->
              "WebSocket frames go out through blocking sends on "
                  + poolThreads
                  + " writer threads";
        });
    ScheduledFuture<?> stallWatch = null;
    if (writer instanceof WriterPool pool && scheduler != null) {
      long every = WriterPool.STALL_MILLIS / 2;
      stallWatch =
          scheduler.scheduleWithFixedDelay(
              pool::handBackIfStalled, every, every, TimeUnit.MILLISECONDS);
    }
    return new SocketWriters(mode, writer, closer, stallWatch);
  }

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

  public Mode mode() {
    return mode;
  }

  /** Runs blocking sends, one per task; null: the container's asynchronous send. */
  Executor writer() {
    return writer;
  }

  /** Writes close frames; null: the writer, if any, else the caller's thread. */
  Executor closer() {
    return closer;
  }

  /**
   * Whether closes handed to the closer still run once the server stops: only on our own virtual
   * threads; the managed executor may no longer run tasks then.
   */
  boolean closerOutlivesStop() {
    return mode == Mode.VIRTUAL_THREADS;
  }

  /**
   * Stops the stall watch and the writers: closes already handed to them still run, later ones run
   * on the caller's thread.
   */
  public void stop() {
    if (stallWatch != null) {
      stallWatch.cancel(false);
    }
    if (writer != null) {
      writer.shutdown();
    }
  }
}
