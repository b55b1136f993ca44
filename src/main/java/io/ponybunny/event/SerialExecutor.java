package io.ponybunny.event;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs submitted tasks one at a time, in submission order, on a backing executor. CDI's {@code
 * fireAsync} gives no order between events; sending each request's events through one of these
 * keeps them in the order they were fired. {@link #callerRunsWhenIdle()} is a view of the same
 * queue that runs a task on the submitting thread when nothing is queued or running, which saves
 * the hand-off to another thread on a hot path whose tasks never block.
 */
public final class SerialExecutor implements Executor {

  private static final Logger LOG = Logger.getLogger(SerialExecutor.class.getName());

  private final Executor backing;
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private final Executor callerRuns = this::executeHereWhenIdle;
  private boolean running;

  public SerialExecutor(Executor backing) {
    this.backing = backing;
  }

  @Override
  public void execute(Runnable task) {
    if (queueAndClaim(task)) {
      backing.execute(this::runAll);
    }
  }

  /**
   * The same serial queue, but a task submitted while it is idle runs at once on the submitting
   * thread (with whatever others queue up meanwhile); otherwise it queues behind the running ones.
   */
  public Executor callerRunsWhenIdle() {
    return callerRuns;
  }

  private void executeHereWhenIdle(Runnable task) {
    if (queueAndClaim(task)) {
      runAll();
    }
  }

  /** Queues {@code task}; true when the lane was idle and the caller must now run it. */
  private synchronized boolean queueAndClaim(Runnable task) {
    tasks.add(task);
    if (running) {
      return false;
    }
    running = true;
    return true;
  }

  private void runAll() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = tasks.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        // One failing task must not stall the ones behind it.
        LOG.log(Level.WARNING, "serial task failed", e);
      }
    }
  }

  /** Whether no task is queued or running. */
  synchronized boolean idle() {
    return !running && tasks.isEmpty();
  }
}
