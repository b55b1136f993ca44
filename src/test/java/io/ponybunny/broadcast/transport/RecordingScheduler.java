package io.ponybunny.broadcast.transport;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler for unit tests that runs nothing by itself: it records each periodic task ({@code
 * scheduleWithFixedDelay}) with its period, for the test to run by hand, and whether it was
 * cancelled.
 */
public final class RecordingScheduler {

  /** One periodic task. */
  public static final class Task {
    public final Runnable command;
    public final long periodMillis;
    public volatile boolean cancelled;

    Task(Runnable command, long periodMillis) {
      this.command = command;
      this.periodMillis = periodMillis;
    }
  }

  public final List<Task> tasks = new ArrayList<>();
  public final ScheduledExecutorService scheduler;

  public RecordingScheduler() {
    scheduler =
        (ScheduledExecutorService)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ScheduledExecutorService.class},
                (p, m, args) -> {
                  if (!m.getName().equals("scheduleWithFixedDelay")) {
                    throw new UnsupportedOperationException(m.getName());
                  }
                  long period = ((TimeUnit) args[3]).toMillis((Long) args[2]);
                  if (period != ((TimeUnit) args[3]).toMillis((Long) args[1])) {
                    throw new AssertionError("first run and period differ");
                  }
                  Task task = new Task((Runnable) args[0], period);
                  tasks.add(task);
                  return future(task);
                });
  }

  private ScheduledFuture<?> future(Task task) {
    return (ScheduledFuture<?>)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {ScheduledFuture.class},
            (p, m, args) -> {
              if (!m.getName().equals("cancel")) {
                throw new UnsupportedOperationException(m.getName());
              }
              task.cancelled = true;
              return true;
            });
  }
}
