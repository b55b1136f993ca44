package io.ponybunny.agent.tools;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one tool call on an executor within a time limit, and always answers with an observation:
 * the tool's output, or {@code Error: …} when it failed, threw anything (an {@link Error} too), ran
 * past the limit or its goal was cancelled. A call past its limit is interrupted and abandoned; a
 * tool with {@link #MAX_STUCK} abandoned calls still running (they ignore interrupts) is not
 * started again until one of them ends, so a broken tool cannot take every thread.
 */
public final class ToolInvoker {

  private static final Logger LOG = Logger.getLogger(ToolInvoker.class.getName());

  /** Abandoned calls of one tool still running after which that tool is refused. */
  public static final int MAX_STUCK = 4;

  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int ABANDONED = 3;

  private final Executor executor;
  private final long timeoutMillis;
  private final Map<String, AtomicInteger> stuck = new ConcurrentHashMap<>();

  /**
   * @param executor runs the calls (the managed executor in the server)
   * @param timeoutMillis the longest a call may take
   */
  public ToolInvoker(Executor executor, long timeoutMillis) {
    this.executor = executor;
    this.timeoutMillis = Math.max(1, timeoutMillis);
  }

  /** An invoker on a new daemon thread per call (tests, and a registry made without CDI). */
  public static ToolInvoker onNewThreads(long timeoutMillis) {
    return new ToolInvoker(
        r -> {
          Thread t = new Thread(r, "ponybunny-tool");
          t.setDaemon(true);
          t.start();
        },
        timeoutMillis);
  }

  public long timeoutMillis() {
    return timeoutMillis;
  }

  /** Calls of {@code tool} abandoned after their limit and still running. */
  public int stuck(String tool) {
    AtomicInteger n = stuck.get(tool);
    return n == null ? 0 : n.get();
  }

  /** Runs {@code tool} with validated arguments; returns its output or an {@code Error:} text. */
  public String invoke(Tool tool, JsonObject args, ToolContext context) {
    String name = tool.name();
    AtomicInteger stuckCalls = stuck.computeIfAbsent(name, k -> new AtomicInteger());
    if (stuckCalls.get() >= MAX_STUCK) {
      return "Error: tool "
          + name
          + " failed: "
          + stuckCalls.get()
          + " earlier calls are still running past their time limit, so it is not started;"
          + " continue without it";
    }
    AtomicInteger state = new AtomicInteger(NEW);
    CompletableFuture<String> result = new CompletableFuture<>();
    FutureTask<Void> task =
        new FutureTask<>(
            () -> {
              if (!state.compareAndSet(NEW, RUNNING)) {
                return null; // abandoned before it started
              }
              String out = null;
              Throwable failure = null;
              try {
                out = tool.execute(args, context);
              } catch (Throwable t) { // an Error of one tool stays that tool's observation
                failure = t;
              } finally {
                if (!state.compareAndSet(RUNNING, DONE)) {
                  stuckCalls.decrementAndGet();
                }
              }
              if (failure == null) {
                result.complete(out);
              } else {
                result.completeExceptionally(failure);
              }
              return null;
            });
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      return "Error: tool " + name + " failed: it could not be started (the server is stopping)";
    }
    CompletableFuture<?> cancelled = context.cancelled().toCompletableFuture();
    try {
      CompletableFuture.anyOf(result, cancelled).get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      // the tool failed (inspected below), or the cancel signal failed: both end the call
    } catch (TimeoutException e) {
      abandon(task, state, stuckCalls);
      return "Error: tool "
          + name
          + " failed: no answer within "
          + timeoutMillis
          + " ms, so it was stopped";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandon(task, state, stuckCalls);
      return "Error: tool " + name + " failed: interrupted";
    }
    if (!result.isDone()) {
      abandon(task, state, stuckCalls);
      return "Error: tool " + name + " was stopped: the goal is ending";
    }
    try {
      return result.get();
    } catch (ExecutionException e) {
      return failure(name, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "Error: tool " + name + " failed: interrupted";
    }
  }

  private static String failure(String name, Throwable cause) {
    if (cause instanceof ToolException te) {
      return "Error: " + te.getMessage();
    }
    LOG.log(Level.WARNING, "tool " + name + " failed", cause);
    return "Error: tool " + name + " failed (" + cause.getClass().getSimpleName() + ")";
  }

  /** Marks the call abandoned (counted as stuck while it still runs) and interrupts it. */
  private static void abandon(FutureTask<Void> task, AtomicInteger state, AtomicInteger stuck) {
    while (true) {
      if (state.compareAndSet(NEW, ABANDONED)) {
        break;
      }
      if (state.compareAndSet(RUNNING, ABANDONED)) {
        stuck.incrementAndGet();
        break;
      }
      if (state.get() == DONE) {
        break;
      }
    }
    task.cancel(true);
  }
}
