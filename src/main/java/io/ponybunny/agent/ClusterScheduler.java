package io.ponybunny.agent;

import io.ponybunny.agent.GoalScheduler.CancelOutcome;
import io.ponybunny.agent.persistence.GoalClaims;
import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.GoalStore;
import io.ponybunny.cluster.ClusterSettings;
import io.ponybunny.cluster.InstanceRegistry;
import io.ponybunny.history.StreamReaper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link GoalScheduler}'s policy in cluster mode: the queue is the database. This instance
 * claims goals ({@link GoalClaims}) up to {@code ponybunny.agent.concurrency} running here, when a
 * goal is submitted, when one ends and at every poll; the queue caps count the goals queued in the
 * whole cluster. Its heartbeat records the instance alive, renews the leases of the goals it runs,
 * stops (without writing) those another instance took over, cancels those whose cancel was asked
 * elsewhere and ends the streams of dead instances. A goal claimed from a dead instance is first
 * recovered (its runs failed, its running work items pending again, its streams ended), then run
 * from its first work item not succeeded. A goal is in this instance's running set exactly while an
 * execution here holds its claim.
 */
final class ClusterScheduler {

  private static final Logger LOG = Logger.getLogger(ClusterScheduler.class.getName());

  /** How long a stop waits for the goals it hands over to stop before releasing them anyway. */
  static final long HAND_OVER_WAIT_MS = 2_000;

  private final ClusterSettings cluster;
  private final AgentSettings settings;
  private final GoalClaims claims;
  private final GoalStore store;
  private final GoalRunner runner;
  private final AgentEvents events;
  private final StreamReaper streams;
  private final InstanceRegistry instances;
  private final Executor executor;
  private final LongSupplier clock;

  private final Map<String, GoalExecution> running = new HashMap<>();
  private final Object reservationLock = new Object();
  private final Map<String, Integer> reservedBy = new HashMap<>();
  private int reserved;
  private boolean stopped;

  /**
   * @param executor runs the goals (and stops their LLM calls)
   * @param clock the epoch milliseconds leases are measured in
   */
  ClusterScheduler(
      ClusterSettings cluster,
      AgentSettings settings,
      GoalClaims claims,
      GoalStore store,
      GoalRunner runner,
      AgentEvents events,
      StreamReaper streams,
      InstanceRegistry instances,
      Executor executor,
      LongSupplier clock) {
    this.cluster = cluster;
    this.settings = settings;
    this.claims = claims;
    this.store = store;
    this.runner = runner;
    this.events = events;
    this.streams = streams;
    this.instances = instances;
    this.executor = executor;
    this.clock = clock;
  }

  private String instance() {
    return cluster.instanceId();
  }

  /**
   * At the start of this instance: what a previous process of the same name left behind is given up
   * (its streams end as interrupted, its goals are released for any instance to take over), the
   * instance is recorded alive, and goals are claimed.
   */
  void start() {
    int streamsEnded = streams.restarted(instance());
    int released = claims.releaseAll(instance());
    instances.beat(instance(), clock.getAsLong());
    if (streamsEnded > 0 || released > 0) {
      LOG.info(
          "Instance "
              + instance()
              + " restarted: "
              + released
              + " goal(s) of its previous process released for takeover, "
              + streamsEnded
              + " stream(s) ended as interrupted");
    }
    pump();
  }

  /**
   * Reserves a place for a goal of {@code owner} about to be stored; {@link QueueFullException}
   * when the goals queued in the cluster, plus the places reserved here, reach a cap.
   */
  void reserve(String owner) {
    int retryAfter = Math.max(1, settings.queueFullRetryAfterSeconds());
    int cap = Math.max(1, settings.maxQueuedGoals());
    int mine = Math.max(1, settings.maxQueuedGoalsPerPrincipal());
    synchronized (reservationLock) {
      GoalClaims.QueuedCounts queued = claims.queued(owner);
      if (queued.all() + reserved >= cap) {
        throw new QueueFullException(cap, retryAfter, false);
      }
      if (queued.ofOwner() + reservedBy.getOrDefault(key(owner), 0) >= mine) {
        throw new QueueFullException(mine, retryAfter, true);
      }
      reserved++;
      reservedBy.merge(key(owner), 1, Integer::sum);
    }
  }

  /** Gives back a place reserved for {@code owner}. */
  void unreserve(String owner) {
    synchronized (reservationLock) {
      if (reserved == 0) {
        throw new IllegalStateException("no reserved place");
      }
      reserved--;
      reservedBy.computeIfPresent(key(owner), (o, n) -> n > 1 ? n - 1 : null);
    }
  }

  /** The goal of a place reserved for {@code owner} is stored queued: it can be claimed. */
  void filled(String owner) {
    unreserve(owner);
    pump();
  }

  private static String key(String owner) {
    return owner == null ? "" : owner;
  }

  /**
   * Claims goals while fewer than {@code ponybunny.agent.concurrency} run here, and starts them.
   */
  void pump() {
    synchronized (this) {
      if (stopped) {
        return;
      }
      int free = settings.concurrency() - running.size();
      if (free <= 0) {
        return;
      }
      List<GoalClaims.Claim> claimed;
      try {
        claimed =
            claims.claim(
                instance(),
                free,
                clock.getAsLong(),
                cluster.leaseMillis(),
                List.copyOf(running.keySet()));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not claim goals", e);
        return;
      }
      claimed.forEach(this::start);
    }
  }

  /** Starts a claimed goal (under this object's lock). */
  private void start(GoalClaims.Claim claim) {
    GoalExecution execution = new GoalExecution(claim.goalId(), executor, claim.fence());
    running.put(claim.goalId(), execution);
    if (claim.cancelRequested()) {
      execution.cancel();
    }
    try {
      executor.execute(() -> run(claim, execution));
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "could not start goal " + claim.goalId(), e);
      running.remove(claim.goalId(), execution);
      handOver(execution);
    }
  }

  private void run(GoalClaims.Claim claim, GoalExecution execution) {
    try {
      if (claim.takenOver()) {
        takeOver(claim);
      }
      runner.run(execution);
    } catch (LeaseLostException e) {
      LOG.info("goal " + claim.goalId() + " was taken over by another instance meanwhile");
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "could not take over goal " + claim.goalId(), e);
    } finally {
      execution.done().complete(null);
      finished(execution);
    }
  }

  /**
   * A goal whose instance died while running it: its streams end as interrupted (each announced
   * once), its runs fail, its running work items go back to pending, and it is queued again.
   */
  private void takeOver(GoalClaims.Claim claim) {
    String goalId = claim.goalId();
    int ended = streams.goalTakenOver(goalId, claim.previousInstance());
    Optional<GoalStore.Requeued> recovered =
        store.recover(goalId, claim.fence(), StreamReaper.INSTANCE_LOST);
    recovered.ifPresent(
        r -> {
          events.status(r.goal());
          r.reset().forEach(events::workItem);
        });
    LOG.info(
        "Took over goal "
            + goalId
            + " from a lost instance (fence "
            + claim.fence()
            + "): "
            + recovered.map(r -> r.reset().size()).orElse(0)
            + " work item(s) pending again, "
            + ended
            + " stream(s) ended");
  }

  private void finished(GoalExecution execution) {
    synchronized (this) {
      running.remove(execution.goalId(), execution);
    }
    if (!execution.leaseLost()) {
      try {
        if (!claims.release(execution.goalId(), execution.fence())) {
          LOG.warning(
              "goal "
                  + execution.goalId()
                  + " stopped here without ending; it is taken over when its lease runs out");
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not release goal " + execution.goalId(), e);
      }
    }
    pump();
  }

  /**
   * Records this instance alive, renews the leases of the goals running here (stopping, without
   * writing, those no longer held and cancelling those whose cancel was asked), ends the streams of
   * dead instances, forgets instances dead for an hour, then claims goals if slots are free.
   */
  void heartbeat() {
    long now = clock.getAsLong();
    try {
      instances.beat(instance(), now);
      Map<String, Long> held = new HashMap<>();
      synchronized (this) {
        running.forEach((id, e) -> held.put(id, e.fence()));
      }
      GoalClaims.Renewal renewal = claims.renew(instance(), held, now, cluster.leaseMillis());
      synchronized (this) {
        for (String goalId : renewal.lost()) {
          GoalExecution e = running.get(goalId);
          if (e != null && e.fence() == held.get(goalId)) {
            LOG.info("lost the lease of goal " + goalId + "; stopping it here without writing");
            e.loseLease();
          }
        }
        for (String goalId : renewal.cancelRequested()) {
          GoalExecution e = running.get(goalId);
          if (e != null) {
            e.cancel();
          }
        }
      }
      streams.reapDead(now - cluster.leaseMillis());
      instances.forget(now - InstanceRegistry.FORGET_AFTER_MILLIS);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cluster heartbeat failed", e);
    }
    pump();
  }

  /**
   * Cancels a goal: one running here as on a single node; a queued one no instance claimed yet at
   * once; one held by another instance by asking it ({@code cancel_requested}: it cancels at its
   * next heartbeat, or sooner when told through {@link #cancelLocal}).
   */
  CancelOutcome cancel(String goalId, long waitMillis) {
    GoalExecution execution;
    synchronized (this) {
      execution = running.get(goalId);
    }
    if (execution != null) {
      return GoalScheduler.stop(execution, waitMillis);
    }
    Optional<GoalEntity> goal = store.find(goalId);
    if (goal.isEmpty()) {
      return CancelOutcome.UNKNOWN;
    }
    if (goal.get().status().isFinal()) {
      return CancelOutcome.FINISHED;
    }
    if (goal.get().status() == GoalStatus.QUEUED) {
      Optional<GoalEntity> cancelled = store.cancelUnclaimed(goalId);
      if (cancelled.isPresent()) {
        events.status(cancelled.get());
        return CancelOutcome.CANCELLED;
      }
    }
    if (claims.requestCancel(goalId)) {
      cancelLocal(goalId); // claimed here since it was looked up
      return CancelOutcome.STOPPING;
    }
    return CancelOutcome.FINISHED;
  }

  /** Cancels the goal if it runs here; false when it does not. */
  boolean cancelLocal(String goalId) {
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

  /** Goals running here. */
  synchronized int active() {
    return running.size();
  }

  /** Goals queued in the cluster. */
  int queued() {
    return (int) claims.queued(null).all();
  }

  /**
   * Stops claiming, stops the goals running here without writing and hands them over: their claims
   * are released so that other instances take them over at once.
   */
  void stop() {
    List<GoalExecution> handed;
    synchronized (this) {
      stopped = true;
      handed = new ArrayList<>(running.values());
    }
    handed.forEach(GoalExecution::loseLease);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HAND_OVER_WAIT_MS);
    for (GoalExecution e : handed) {
      try {
        e.done().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception ignored) {
        // still ending: its writes are refused once another instance claims it
      }
    }
    handed.forEach(this::handOver);
    if (!handed.isEmpty()) {
      LOG.info(handed.size() + " running goal(s) handed over to the other instances");
    }
  }

  private void handOver(GoalExecution execution) {
    try {
      claims.handOver(execution.goalId(), execution.fence());
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "could not hand over goal " + execution.goalId() + "; its lease runs out instead",
          e);
    }
  }
}
