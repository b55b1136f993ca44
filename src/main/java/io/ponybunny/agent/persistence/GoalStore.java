package io.ponybunny.agent.persistence;

import io.ponybunny.agent.GoalStatus;
import io.ponybunny.agent.LeaseLostException;
import io.ponybunny.agent.RunStatus;
import io.ponybunny.agent.WorkItemStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Goals, work items, runs and steps in the database. Every method is one transaction; status
 * changes go through the entities' state machines, so an invalid transition rolls back.
 *
 * <p>The writes of a goal's runner take the fence of the runner's claim ({@link GoalClaims}): a
 * fence above 0 locks the goal row first and refuses the write with {@link LeaseLostException}
 * (nothing written) when another instance claimed the goal since. Fence 0 (a single node) writes
 * unchecked.
 */
@ApplicationScoped
@Transactional
public class GoalStore {

  @PersistenceContext(unitName = "ponybunny")
  EntityManager em;

  /** A goal with everything below it. */
  public record Detail(
      GoalEntity goal, List<WorkItemEntity> items, List<RunEntity> runs, List<StepEntity> steps) {}

  /** A page of goals and the total count. */
  public record Page(List<GoalEntity> items, long total) {}

  /** A new id with a readable prefix, e.g. {@code g_3f2a…}. */
  public static String newId(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
  }

  public GoalEntity create(GoalEntity goal) {
    em.persist(goal);
    return goal;
  }

  public Optional<GoalEntity> find(String id) {
    return Optional.ofNullable(em.find(GoalEntity.class, id));
  }

  public Optional<Detail> detail(String id) {
    GoalEntity goal = em.find(GoalEntity.class, id);
    if (goal == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Detail(
            goal,
            workItems(id),
            em.createQuery(
                    "SELECT r FROM RunEntity r WHERE r.goalId = :g ORDER BY r.startedAt, r.attempt",
                    RunEntity.class)
                .setParameter("g", id)
                .getResultList(),
            em.createQuery(
                    "SELECT s FROM StepEntity s WHERE s.goalId = :g ORDER BY s.runId, s.stepIndex",
                    StepEntity.class)
                .setParameter("g", id)
                .getResultList()));
  }

  /**
   * Goals newest first, optionally of one owner (null: everyone's), of one status and with {@code
   * q} in the title.
   */
  public Page list(String owner, GoalStatus status, String q, int page, int size) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    if (owner != null) {
      where.append(" AND g.owner = :owner");
    }
    if (status != null) {
      where.append(" AND g.status = :status");
    }
    if (q != null && !q.isBlank()) {
      where.append(" AND LOWER(g.title) LIKE :q");
    }
    TypedQuery<GoalEntity> items =
        em.createQuery(
            "SELECT g FROM GoalEntity g" + where + " ORDER BY g.createdAt DESC, g.id",
            GoalEntity.class);
    TypedQuery<Long> count =
        em.createQuery("SELECT COUNT(g) FROM GoalEntity g" + where, Long.class);
    if (owner != null) {
      items.setParameter("owner", owner);
      count.setParameter("owner", owner);
    }
    if (status != null) {
      items.setParameter("status", status.wireName());
      count.setParameter("status", status.wireName());
    }
    if (q != null && !q.isBlank()) {
      String like = "%" + q.toLowerCase(Locale.ROOT).replace("%", "").replace("_", "") + "%";
      items.setParameter("q", like);
      count.setParameter("q", like);
    }
    List<GoalEntity> list = items.setFirstResult(page * size).setMaxResults(size).getResultList();
    return new Page(list, count.getSingleResult());
  }

  /** Ids of queued goals, oldest first. */
  public List<Queued> queued() {
    return em
        .createQuery(
            "SELECT g.id, g.owner FROM GoalEntity g WHERE g.status = :s"
                + " ORDER BY g.createdAt, g.id",
            Object[].class)
        .setParameter("s", GoalStatus.QUEUED.wireName())
        .getResultList()
        .stream()
        .map(row -> new Queued((String) row[0], (String) row[1]))
        .toList();
  }

  /** A queued goal and its owner (null for goals from before ownership). */
  public record Queued(String id, String owner) {}

  /** Moves a goal to {@code next}, with its result or error when it finishes. */
  public GoalEntity moveGoal(String id, GoalStatus next, String result, String error) {
    return moveGoal(id, next, result, error, 0);
  }

  /** {@link #moveGoal(String, GoalStatus, String, String)} by the holder of {@code fence}. */
  public GoalEntity moveGoal(String id, GoalStatus next, String result, String error, long fence) {
    hold(id, fence);
    GoalEntity g = em.find(GoalEntity.class, id);
    g.moveTo(next, System.currentTimeMillis());
    if (result != null) {
      g.setResult(result);
    }
    if (error != null) {
      g.setError(error);
    }
    return g;
  }

  /** A goal queued again by a retry, and the work items that went back to pending. */
  public record Requeued(GoalEntity goal, List<WorkItemEntity> reset) {}

  /**
   * Queues a failed goal again: its failed and skipped work items go back to pending, succeeded
   * ones keep their results, runs and steps stay as history. Throws {@link
   * io.ponybunny.agent.IllegalTransitionException} (nothing changed) when the goal is not failed,
   * and {@link java.util.NoSuchElementException} when there is no such goal.
   */
  public Requeued requeue(String goalId) {
    // a claim left behind (its instance died before it released the goal) does not carry over
    em.createNativeQuery(
            "UPDATE pb_goal SET instance = NULL, lease_until = NULL, cancel_requested = FALSE"
                + " WHERE id = ? AND status = ?")
        .setParameter(1, goalId)
        .setParameter(2, GoalStatus.FAILED.wireName())
        .executeUpdate();
    GoalEntity g = em.find(GoalEntity.class, goalId);
    if (g == null) {
      throw new java.util.NoSuchElementException("no goal " + goalId);
    }
    g.requeue();
    List<WorkItemEntity> reset = new ArrayList<>();
    for (WorkItemEntity w : workItems(goalId)) {
      if (w.resetForRetry()) {
        reset.add(w);
      }
    }
    return new Requeued(g, reset);
  }

  public List<WorkItemEntity> workItems(String goalId) {
    return em.createQuery(
            "SELECT w FROM WorkItemEntity w WHERE w.goalId = :g ORDER BY w.itemOrder",
            WorkItemEntity.class)
        .setParameter("g", goalId)
        .getResultList();
  }

  /** Adds the plan: one work item per title, each depending on the one before. */
  public List<WorkItemEntity> addWorkItems(String goalId, List<String> titles) {
    return addWorkItems(goalId, titles, 0);
  }

  /** {@link #addWorkItems(String, List)} by the holder of {@code fence}. */
  public List<WorkItemEntity> addWorkItems(String goalId, List<String> titles, long fence) {
    hold(goalId, fence);
    List<WorkItemEntity> out = new ArrayList<>();
    String previous = null;
    for (int i = 0; i < titles.size(); i++) {
      WorkItemEntity w =
          new WorkItemEntity(
              newId("w"),
              goalId,
              titles.get(i),
              i,
              previous == null ? List.of() : List.of(previous));
      em.persist(w);
      out.add(w);
      previous = w.getId();
    }
    return out;
  }

  public WorkItemEntity moveWorkItem(String id, WorkItemStatus next, String result) {
    return moveWorkItem(id, next, result, 0);
  }

  /** {@link #moveWorkItem(String, WorkItemStatus, String)} by the holder of {@code fence}. */
  public WorkItemEntity moveWorkItem(String id, WorkItemStatus next, String result, long fence) {
    WorkItemEntity w = em.find(WorkItemEntity.class, id);
    hold(w.getGoalId(), fence);
    w.moveTo(next);
    if (result != null) {
      w.setResult(result);
    }
    return w;
  }

  /** Starts a new attempt at a work item. */
  public RunEntity startRun(String goalId, String workItemId) {
    return startRun(goalId, workItemId, 0);
  }

  /** {@link #startRun(String, String)} by the holder of {@code fence}. */
  public RunEntity startRun(String goalId, String workItemId, long fence) {
    hold(goalId, fence);
    long attempts =
        em.createQuery("SELECT COUNT(r) FROM RunEntity r WHERE r.workItemId = :w", Long.class)
            .setParameter("w", workItemId)
            .getSingleResult();
    RunEntity r =
        new RunEntity(
            newId("r"), workItemId, goalId, (int) attempts + 1, System.currentTimeMillis());
    em.persist(r);
    return r;
  }

  public RunEntity finishRun(String runId, RunStatus next, String error) {
    return finishRun(runId, next, error, 0);
  }

  /** {@link #finishRun(String, RunStatus, String)} by the holder of {@code fence}. */
  public RunEntity finishRun(String runId, RunStatus next, String error, long fence) {
    RunEntity r = em.find(RunEntity.class, runId);
    hold(r.getGoalId(), fence);
    r.moveTo(next, System.currentTimeMillis());
    r.setError(error);
    return r;
  }

  public void addStep(StepEntity step) {
    addStep(step, 0);
  }

  /** {@link #addStep(StepEntity)} by the holder of {@code fence}. */
  public void addStep(StepEntity step, long fence) {
    hold(step.getGoalId(), fence);
    em.persist(step);
  }

  /** Adds the tokens of one LLM call to the goal and (when given) the run. */
  public void addTokens(String goalId, String runId, int tokens) {
    addTokens(goalId, runId, tokens, 0);
  }

  /** {@link #addTokens(String, String, int)} by the holder of {@code fence}. */
  public void addTokens(String goalId, String runId, int tokens, long fence) {
    hold(goalId, fence);
    em.find(GoalEntity.class, goalId).addTokens(tokens);
    if (runId != null) {
      em.find(RunEntity.class, runId).addTokens(tokens);
    }
  }

  /**
   * A goal taken over from an instance that died while running it, by the holder of {@code fence}:
   * its runs left running fail with {@code reason}, its work items left running go back to pending
   * (as a retry does: fail, then reset) and the goal is queued again, to resume from its first work
   * item not succeeded. Empty (nothing changed) when the goal is not running.
   */
  public Optional<Requeued> recover(String goalId, long fence, String reason) {
    hold(goalId, fence);
    GoalEntity g = em.find(GoalEntity.class, goalId);
    if (g == null || g.status() != GoalStatus.RUNNING) {
      return Optional.empty();
    }
    long now = System.currentTimeMillis();
    for (RunEntity r :
        em.createQuery(
                "SELECT r FROM RunEntity r WHERE r.goalId = :g AND r.status = :s", RunEntity.class)
            .setParameter("g", goalId)
            .setParameter("s", RunStatus.RUNNING.wireName())
            .getResultList()) {
      r.moveTo(RunStatus.FAILED, now);
      r.setError(reason);
    }
    List<WorkItemEntity> reset = new ArrayList<>();
    for (WorkItemEntity w : workItems(goalId)) {
      if (w.status() == WorkItemStatus.RUNNING) {
        w.moveTo(WorkItemStatus.FAILED);
        w.resetForRetry();
        reset.add(w);
      }
    }
    g.moveTo(GoalStatus.FAILED, now);
    g.requeue();
    return Optional.of(new Requeued(g, reset));
  }

  /**
   * Cancels a queued goal no instance has claimed, under the goal's row lock (so no claim takes it
   * meanwhile). Empty when it is not queued or is claimed: then the instance holding it must be
   * asked ({@link GoalClaims#requestCancel}).
   */
  public Optional<GoalEntity> cancelUnclaimed(String goalId) {
    GoalEntity g = em.find(GoalEntity.class, goalId, LockModeType.PESSIMISTIC_WRITE);
    if (g == null || g.status() != GoalStatus.QUEUED || g.getInstance() != null) {
      return Optional.empty();
    }
    g.moveTo(GoalStatus.CANCELLED, System.currentTimeMillis());
    return Optional.of(g);
  }

  /** Locks the goal row and checks the fence, unless {@code fence} is 0 (a single node). */
  private void hold(String goalId, long fence) {
    if (fence == 0) {
      return;
    }
    if (em.createNativeQuery(GoalClaims.HOLD_SQL)
        .setParameter(1, goalId)
        .setParameter(2, fence)
        .getResultList()
        .isEmpty()) {
      throw new LeaseLostException(goalId, fence);
    }
  }

  /**
   * After a restart: every goal, work item and run left running is failed (the process that ran it
   * is gone), and the pending items of those goals are skipped. Returns the goals failed.
   */
  public List<String> failInterrupted(String reason) {
    long now = System.currentTimeMillis();
    List<GoalEntity> goals =
        em.createQuery("SELECT g FROM GoalEntity g WHERE g.status = :s", GoalEntity.class)
            .setParameter("s", GoalStatus.RUNNING.wireName())
            .getResultList();
    for (RunEntity r :
        em.createQuery("SELECT r FROM RunEntity r WHERE r.status = :s", RunEntity.class)
            .setParameter("s", RunStatus.RUNNING.wireName())
            .getResultList()) {
      r.moveTo(RunStatus.FAILED, now);
      r.setError(reason);
    }
    List<String> ids = new ArrayList<>();
    for (GoalEntity g : goals) {
      for (WorkItemEntity w : workItems(g.getId())) {
        if (w.status() == WorkItemStatus.RUNNING) {
          w.moveTo(WorkItemStatus.FAILED);
        } else if (w.status() == WorkItemStatus.PENDING) {
          w.moveTo(WorkItemStatus.SKIPPED);
        }
      }
      g.moveTo(GoalStatus.FAILED, now);
      g.setError(reason);
      ids.add(g.getId());
    }
    return ids;
  }
}
