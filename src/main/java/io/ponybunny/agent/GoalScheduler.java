package io.ponybunny.agent;

import io.ponybunny.ManagedExecutors;
import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.GoalStore;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs queued goals, at most {@code ponybunny.agent.concurrency} at once, on the managed executor.
 * The queue and the running set change only under this object's lock, so a goal is always in
 * exactly one of: queued here, running here, or neither (finished).
 */
@ApplicationScoped
public class GoalScheduler {

  private static final Logger LOG = Logger.getLogger(GoalScheduler.class.getName());

  @Inject GoalRunner runner;
  @Inject GoalStore store;
  @Inject AgentEvents events;
  @Inject AgentSettings settings;

  @Resource(lookup = ManagedExecutors.STREAM_EXECUTOR)
  ManagedExecutorService executor;

  private final Deque<String> queue = new ArrayDeque<>();
  private final Map<String, GoalExecution> running = new HashMap<>();
  private boolean stopped;

  /** What a cancel request found. */
  public enum CancelOutcome {
    /** The goal was queued and is now cancelled. */
    CANCELLED,
    /** The goal is running; its current call was stopped and it is ending. */
    STOPPING,
    /** The goal already finished. */
    FINISHED,
    /** No such goal. */
    UNKNOWN
  }

  /** Queues a goal and starts it when a slot is free. */
  public synchronized void submit(String goalId) {
    if (!queue.contains(goalId) && !running.containsKey(goalId)) {
      queue.addLast(goalId);
    }
    pump();
  }

  /** Goals waiting for a slot. */
  public synchronized int queued() {
    return queue.size();
  }

  /** Goals running now. */
  public synchronized int active() {
    return running.size();
  }

  private void pump() {
    while (!stopped && running.size() < settings.concurrency() && !queue.isEmpty()) {
      String goalId = queue.pollFirst();
      GoalExecution execution = new GoalExecution(goalId, executor);
      running.put(goalId, execution);
      try {
        executor.execute(
            () -> {
              try {
                runner.run(execution);
              } finally {
                finished(goalId);
              }
            });
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "could not start goal " + goalId, e);
        running.remove(goalId);
        queue.addFirst(goalId);
        return;
      }
    }
  }

  private synchronized void finished(String goalId) {
    running.remove(goalId);
    pump();
  }

  /**
   * Cancels a goal: a queued goal is cancelled at once; a running goal's LLM call is stopped and
   * the runner marks it cancelled. Waits at most {@code waitMillis} for a running goal to end.
   */
  public CancelOutcome cancel(String goalId, long waitMillis) {
    GoalExecution execution;
    synchronized (this) {
      execution = running.get(goalId);
      if (execution == null) {
        Optional<GoalEntity> goal = store.find(goalId);
        if (goal.isEmpty()) {
          return CancelOutcome.UNKNOWN;
        }
        if (goal.get().status().isFinal()) {
          return CancelOutcome.FINISHED;
        }
        queue.remove(goalId);
        if (goal.get().status() == GoalStatus.QUEUED) {
          events.status(store.moveGoal(goalId, GoalStatus.CANCELLED, null, null));
          return CancelOutcome.CANCELLED;
        }
        return CancelOutcome.FINISHED;
      }
    }
    execution.cancel();
    try {
      execution.done().get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // still ending; the caller answers with the current state
    }
    return CancelOutcome.STOPPING;
  }

  /** Stops taking goals and stops the running ones, which end failed (server shutdown). */
  @PreDestroy
  synchronized void stop() {
    stopped = true;
    running.values().forEach(GoalExecution::shutdown);
  }
}
