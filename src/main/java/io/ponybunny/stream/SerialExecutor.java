package io.ponybunny.stream;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs submitted tasks one at a time, in submission order, on a backing executor. CDI's {@code
 * fireAsync} gives no order between events; sending each request's events through one of these
 * keeps them in the order they were fired.
 */
public final class SerialExecutor implements Executor {

  private final Executor backing;
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private boolean running;

  public SerialExecutor(Executor backing) {
    this.backing = backing;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      tasks.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    backing.execute(this::runAll);
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
      next.run();
    }
  }

  /** Whether no task is queued or running. */
  synchronized boolean idle() {
    return !running && tasks.isEmpty();
  }
}
