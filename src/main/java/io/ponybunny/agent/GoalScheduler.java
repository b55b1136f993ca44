package io.ponybunny.agent;

import io.ponybunny.ManagedExecutors;
import io.ponybunny.agent.persistence.GoalClaims;
import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.GoalStore;
import io.ponybunny.cluster.CancelNotice;
import io.ponybunny.cluster.ClusterSettings;
import io.ponybunny.cluster.ControlNotices;
import io.ponybunny.cluster.InstanceRegistry;
import io.ponybunny.history.StreamReaper;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs queued goals, at most {@code ponybunny.agent.concurrency} at once, on the managed executor,
 * with at most {@code ponybunny.agent.max-queued-goals} waiting in all and {@code
 * ponybunny.agent.max-queued-goals-per-principal} of one owner ({@link GoalQueue}). The queue and
 * the running set change only under this object's lock, so a goal is always in exactly one of:
 * queued here, running here, or neither (finished). A new or retried goal first reserves its place
 * ({@link #reserve(String)}), then is stored, then takes its place: a full queue refuses it before
 * anything is written.
 *
 * <p>In cluster mode ({@link ClusterSettings#enabled()}, started by {@link #startCluster()}) the
 * queue is the shared database instead, and goals run on whichever instance claims them: see {@link
 * ClusterScheduler}. The API is the same.
 */
@ApplicationScoped
public class GoalScheduler {

  private static final Logger LOG = Logger.getLogger(GoalScheduler.class.getName());

  @Inject GoalRunner runner;
  @Inject ControlNotices notices;
  @Inject GoalStore store;
  @Inject AgentEvents events;
  @Inject AgentSettings settings;

  @Resource(lookup = ManagedExecutors.STREAM_EXECUTOR)
  ManagedExecutorService executor;

  @Inject ClusterSettings cluster;
  @Inject GoalClaims claims;
  @Inject StreamReaper streams;
  @Inject InstanceRegistry instances;

  @Resource ManagedScheduledExecutorService timer;

  private ClusterScheduler clustered;
  private final List<ScheduledFuture<?>> clusterTasks = new ArrayList<>();

  private final GoalQueue queue =
      new GoalQueue(
          () -> settings.maxQueuedGoals(),
          () -> settings.maxQueuedGoalsPerPrincipal(),
          () -> settings.queueFullRetryAfterSeconds());
  private final Map<String, GoalExecution> running = new HashMap<>();
  private boolean stopped;

  /**
   * A place in the queue, reserved before the goal is stored: {@link #submit} fills it, {@link
   * #close} gives it back when it was not filled (the goal could not be stored).
   */
  public final class Slot implements AutoCloseable {
    private final String owner;
    private final ClusterScheduler clustered;
    private boolean open = true;

    private Slot(String owner, ClusterScheduler clustered) {
      this.owner = owner;
      this.clustered = clustered;
    }

    /** Puts the stored goal in its place and starts it when a slot is free. */
    public void submit(String goalId) {
      if (!take()) {
        throw new IllegalStateException("slot already used");
      }
      if (clustered != null) {
        clustered.filled(owner);
        return;
      }
      synchronized (GoalScheduler.this) {
        queue.addReserved(goalId, owner);
        pump();
      }
    }

    @Override
    public void close() {
      if (!take()) {
        return;
      }
      if (clustered != null) {
        clustered.unreserve(owner);
        return;
      }
      synchronized (GoalScheduler.this) {
        queue.release(owner);
      }
    }

    /** Uses the place; false when it was used already. */
    private synchronized boolean take() {
      boolean was = open;
      open = false;
      return was;
    }
  }

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

  /**
   * Reserves a place for a goal of {@code owner} about to be stored; throws {@link
   * QueueFullException} when {@code ponybunny.agent.max-queued-goals} goals are already waiting, or
   * {@code ponybunny.agent.max-queued-goals-per-principal} of that owner.
   */
  public Slot reserve(String owner) {
    ClusterScheduler c = clustered();
    if (c != null) {
      c.reserve(owner);
      return new Slot(owner, c);
    }
    synchronized (this) {
      queue.reserve(owner);
      return new Slot(owner, null);
    }
  }

  /**
   * Queues a goal stored as queued by an earlier process (at start), whatever the cap: it was
   * accepted then. New goals go through {@link #reserve(String)}.
   */
  public void restore(String goalId, String owner) {
    ClusterScheduler c = clustered();
    if (c != null) {
      c.pump(); // the database is the queue
      return;
    }
    synchronized (this) {
      if (!running.containsKey(goalId)) {
        queue.restore(goalId, owner);
      }
      pump();
    }
  }

  /**
   * Queues a failed goal of {@code owner} again ({@link GoalStore#requeue}) and resumes it from its
   * first work item not succeeded. Throws {@link QueueFullException} (the goal stays failed),
   * {@link IllegalTransitionException} when the goal is not failed, {@link
   * java.util.NoSuchElementException} when there is no such goal.
   */
  public GoalEntity retry(String goalId, String owner) {
    try (Slot slot = reserve(owner)) {
      GoalStore.Requeued requeued = store.requeue(goalId);
      events.status(requeued.goal());
      requeued.reset().forEach(events::workItem);
      slot.submit(goalId);
      return requeued.goal();
    }
  }

  /** Goals waiting for a slot (in cluster mode: queued in the whole cluster). */
  public int queued() {
    ClusterScheduler c = clustered();
    if (c != null) {
      return c.queued();
    }
    synchronized (this) {
      return queue.size();
    }
  }

  /** Goals running now (on this instance). */
  public int active() {
    ClusterScheduler c = clustered();
    if (c != null) {
      return c.active();
    }
    synchronized (this) {
      return running.size();
    }
  }

  /** The cluster policy in cluster mode, else null. */
  private synchronized ClusterScheduler clustered() {
    if (cluster == null || !cluster.enabled()) {
      return null;
    }
    if (clustered == null) {
      clustered =
          new ClusterScheduler(
              cluster,
              settings,
              claims,
              store,
              runner,
              events,
              streams,
              instances,
              executor,
              System::currentTimeMillis);
    }
    return clustered;
  }

  /**
   * Cluster mode, at application start (after the schema migration): takes over what a previous
   * process of this instance left, then claims goals now, every {@code
   * ponybunny.cluster.claim-poll-ms}, and renews leases every {@code
   * ponybunny.cluster.heartbeat-ms}.
   */
  public void startCluster() {
    ClusterScheduler c = clustered();
    if (c == null) {
      throw new IllegalStateException("cluster mode is off");
    }
    c.start();
    synchronized (this) {
      clusterTasks.add(
          timer.scheduleWithFixedDelay(
              c::heartbeat,
              cluster.heartbeatMillis(),
              cluster.heartbeatMillis(),
              TimeUnit.MILLISECONDS));
      clusterTasks.add(
          timer.scheduleWithFixedDelay(
              c::pump,
              cluster.claimPollMillis(),
              cluster.claimPollMillis(),
              TimeUnit.MILLISECONDS));
    }
  }

  private void pump() {
    while (!stopped && running.size() < settings.concurrency()) {
      // a goal retried while its previous run is still winding down waits for it to end
      GoalQueue.Waiting next = queue.poll(id -> !running.containsKey(id));
      if (next == null) {
        return;
      }
      String goalId = next.goalId();
      GoalExecution execution = new GoalExecution(goalId, executor);
      running.put(goalId, execution);
      try {
        executor.execute(
            () -> {
              try {
                runner.run(execution);
              } finally {
                finished(execution);
              }
            });
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "could not start goal " + goalId, e);
        running.remove(goalId);
        queue.pushBack(goalId, next.owner());
        return;
      }
    }
  }

  private synchronized void finished(GoalExecution execution) {
    running.remove(execution.goalId(), execution);
    pump();
  }

  /**
   * Cancels a goal: a queued goal is cancelled at once; a running goal's LLM call is stopped and
   * the runner marks it cancelled. Waits at most {@code waitMillis} for a running goal to end.
   */
  public CancelOutcome cancel(String goalId, long waitMillis) {
    ClusterScheduler c = clustered();
    if (c != null) {
      CancelOutcome outcome = c.cancel(goalId, waitMillis);
      if (outcome == CancelOutcome.STOPPING) {
        // the instance running it hears it within a round trip (the flag is the durable copy)
        notices.send(new CancelNotice(CancelNotice.Kind.GOAL, goalId));
      }
      return outcome;
    }
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
    return stop(execution, waitMillis);
  }

  /** Cancels a running goal and waits at most {@code waitMillis} for it to end. */
  static CancelOutcome stop(GoalExecution execution, long waitMillis) {
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

  /** A cancel asked for on some instance (cluster mode): stops the goal if it runs here. */
  void onCancelNotice(@Observes CancelNotice notice) {
    if (notice.kind() == CancelNotice.Kind.GOAL) {
      cancelLocal(notice.id());
    }
  }

  /**
   * Cancels the goal if it runs on this instance (a cancel asked on another instance, told here);
   * false when it does not run here.
   */
  public boolean cancelLocal(String goalId) {
    ClusterScheduler c = clustered();
    if (c != null) {
      return c.cancelLocal(goalId);
    }
    GoalExecution execution;
    synchronized (this) {
      execution = running.get(goalId);
    }
    if (execution == null) {
      return false;
    }
    execution.cancel();
    return true;
  }

  /**
   * Stops taking goals and stops the running ones (server shutdown): on a single node they end
   * failed; in cluster mode they are handed over to the other instances.
   */
  @PreDestroy
  void stop() {
    ClusterScheduler c;
    synchronized (this) {
      clusterTasks.forEach(t -> t.cancel(false));
      clusterTasks.clear();
      c = clustered;
      if (c == null) {
        stopped = true;
        running.values().forEach(GoalExecution::shutdown);
        return;
      }
    }
    c.stop();
  }
}
