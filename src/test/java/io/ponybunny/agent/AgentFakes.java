package io.ponybunny.agent;

import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.GoalStore;
import io.ponybunny.agent.persistence.RunEntity;
import io.ponybunny.agent.persistence.StepEntity;
import io.ponybunny.agent.persistence.WorkItemEntity;
import io.ponybunny.testing.Managed;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Executor;

/** In-memory collaborators of the scheduler and the runner, for tests without a server. */
final class AgentFakes {

  private AgentFakes() {}

  /**
   * A goal store in memory, with the entities' real state machines. Cluster claims live here too
   * (see {@link MemoryClaims}): a write presenting a fence above 0 other than the goal's is refused
   * with {@link LeaseLostException}, as the database does.
   */
  static final class MemoryGoalStore extends GoalStore {
    final Map<String, GoalEntity> goals = new LinkedHashMap<>();
    final List<WorkItemEntity> items = new ArrayList<>();
    final Map<String, RunEntity> runs = new LinkedHashMap<>();
    final List<StepEntity> steps = new ArrayList<>();
    final Map<String, Long> fences = new HashMap<>();
    final Map<String, String> instances = new HashMap<>();
    int requeues;
    int writes;

    private synchronized void hold(String goalId, long fence) {
      if (fence != 0 && fences.getOrDefault(goalId, 0L) != fence) {
        throw new LeaseLostException(goalId, fence);
      }
      writes++;
    }

    GoalEntity add(GoalEntity g) {
      goals.put(g.getId(), g);
      return g;
    }

    @Override
    public GoalEntity create(GoalEntity goal) {
      return add(goal);
    }

    @Override
    public Optional<GoalEntity> find(String id) {
      return Optional.ofNullable(goals.get(id));
    }

    @Override
    public synchronized GoalEntity moveGoal(
        String id, GoalStatus next, String result, String error, long fence) {
      hold(id, fence);
      GoalEntity g = goals.get(id);
      g.moveTo(next, System.currentTimeMillis());
      if (result != null) {
        g.setResult(result);
      }
      if (error != null) {
        g.setError(error);
      }
      return g;
    }

    @Override
    public synchronized Requeued requeue(String goalId) {
      requeues++;
      GoalEntity g = goals.get(goalId);
      if (g == null) {
        throw new NoSuchElementException(goalId);
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

    @Override
    public synchronized List<WorkItemEntity> workItems(String goalId) {
      return items.stream().filter(w -> w.getGoalId().equals(goalId)).toList();
    }

    @Override
    public synchronized List<WorkItemEntity> addWorkItems(
        String goalId, List<String> titles, long fence) {
      hold(goalId, fence);
      List<WorkItemEntity> out = new ArrayList<>();
      for (String t : titles) {
        WorkItemEntity w =
            new WorkItemEntity(newId("w"), goalId, t, workItems(goalId).size(), List.of());
        items.add(w);
        out.add(w);
      }
      return out;
    }

    @Override
    public synchronized WorkItemEntity moveWorkItem(
        String id, WorkItemStatus next, String result, long fence) {
      WorkItemEntity w = items.stream().filter(i -> i.getId().equals(id)).findFirst().orElseThrow();
      hold(w.getGoalId(), fence);
      w.moveTo(next);
      if (result != null) {
        w.setResult(result);
      }
      return w;
    }

    @Override
    public synchronized RunEntity startRun(String goalId, String workItemId, long fence) {
      hold(goalId, fence);
      long attempts =
          runs.values().stream().filter(r -> r.getWorkItemId().equals(workItemId)).count();
      RunEntity r =
          new RunEntity(
              newId("r"), workItemId, goalId, (int) attempts + 1, System.currentTimeMillis());
      runs.put(r.getId(), r);
      return r;
    }

    @Override
    public synchronized RunEntity finishRun(
        String runId, RunStatus next, String error, long fence) {
      RunEntity r = runs.get(runId);
      hold(r.getGoalId(), fence);
      r.moveTo(next, System.currentTimeMillis());
      r.setError(error);
      return r;
    }

    @Override
    public synchronized void addStep(StepEntity step, long fence) {
      hold(step.getGoalId(), fence);
      steps.add(step);
    }

    @Override
    public synchronized void addTokens(String goalId, String runId, int tokens, long fence) {
      hold(goalId, fence);
      goals.get(goalId).addTokens(tokens);
      if (runId != null) {
        runs.get(runId).addTokens(tokens);
      }
    }

    @Override
    public synchronized Optional<Requeued> recover(String goalId, long fence, String reason) {
      hold(goalId, fence);
      GoalEntity g = goals.get(goalId);
      if (g == null || g.status() != GoalStatus.RUNNING) {
        return Optional.empty();
      }
      for (RunEntity r : runs.values()) {
        if (r.getGoalId().equals(goalId) && r.status() == RunStatus.RUNNING) {
          r.moveTo(RunStatus.FAILED, 1L);
          r.setError(reason);
        }
      }
      List<WorkItemEntity> reset = new ArrayList<>();
      for (WorkItemEntity w : workItems(goalId)) {
        if (w.status() == WorkItemStatus.RUNNING) {
          w.moveTo(WorkItemStatus.FAILED);
          w.resetForRetry();
          reset.add(w);
        }
      }
      g.moveTo(GoalStatus.FAILED, 1L);
      g.requeue();
      return Optional.of(new Requeued(g, reset));
    }

    @Override
    public synchronized Optional<GoalEntity> cancelUnclaimed(String goalId) {
      GoalEntity g = goals.get(goalId);
      if (g == null || g.status() != GoalStatus.QUEUED || instances.get(goalId) != null) {
        return Optional.empty();
      }
      g.moveTo(GoalStatus.CANCELLED, 1L);
      return Optional.of(g);
    }
  }

  /** Events that go nowhere, counted. */
  static final class CountingEvents extends AgentEvents {
    final List<String> published = new ArrayList<>();

    @Override
    public synchronized void created(GoalEntity g) {
      published.add("created " + g.getId());
    }

    @Override
    public synchronized void status(GoalEntity g) {
      published.add("status " + g.getId() + " " + g.status().wireName());
    }

    @Override
    public synchronized void workItem(WorkItemEntity w) {
      published.add("workitem " + w.getTitle() + " " + w.status().wireName());
    }

    @Override
    public synchronized void step(
        String goalId, String workItemId, String runId, ReactLoop.StepRecord s) {
      published.add("step " + s.index());
    }
  }

  /** A managed executor that only executes, on {@code executor}. */
  static ManagedExecutorService managed(Executor executor) {
    return Managed.executor(executor);
  }

  static AgentSettings settings(int concurrency, int maxQueued) {
    AgentSettings s = new AgentSettings();
    s.concurrency = concurrency;
    s.maxQueuedGoals = maxQueued;
    s.maxQueuedGoalsPerPrincipal = maxQueued;
    s.queueFullRetryAfterSeconds = 30;
    s.maxWorkItems = 5;
    s.maxTokensPerCall = 256;
    s.defaultMaxTokens = 50_000;
    s.defaultMaxSteps = 12;
    s.defaultMaxDurationSeconds = 300;
    return s;
  }
}
