package io.ponybunny.agent;

import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.GoalStore;
import io.ponybunny.agent.persistence.RunEntity;
import io.ponybunny.agent.persistence.StepEntity;
import io.ponybunny.agent.persistence.WorkItemEntity;
import io.ponybunny.agent.react.ReactPrompts;
import io.ponybunny.agent.tools.ToolContext;
import io.ponybunny.agent.tools.ToolRegistry;
import io.ponybunny.event.StreamOrigin;
import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.UnknownModelException;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.telemetry.AgentSpans;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one goal to its end: plans it (a streamed LLM call) into work items unless it has them (a
 * retried goal keeps its plan), runs the ReAct loop of each pending work item (succeeded ones, from
 * before a retry, keep their results and are given to the items after them), and writes every
 * status change, step and token count as it happens, publishing the matching {@code goal.status},
 * {@code workitem.status} and {@code run.step} events. Every write presents the execution's fence:
 * when another cluster instance took the goal over ({@link LeaseLostException}, or {@link
 * GoalExecution#loseLease()}), the runner stops quietly, writing and publishing nothing more.
 */
@ApplicationScoped
public class GoalRunner {

  private static final Logger LOG = Logger.getLogger(GoalRunner.class.getName());
  private static final int PLAN_MAX_TOKENS = 512;

  @Inject GoalStore store;
  @Inject LlmPort llm;
  @Inject ToolRegistry tools;
  @Inject ModelResolver models;
  @Inject AgentEvents events;
  @Inject AgentSettings settings;

  /** The goal's and work items' spans (none in unit tests that do not set them). */
  @Inject AgentSpans spans = AgentSpans.NONE;

  /** The clock goals' time budgets are measured on (tests set their own). */
  Clock clock = Clock.systemUTC();

  /** Runs the goal of {@code execution}; returns when its final status is written. */
  public void run(GoalExecution execution) {
    spans.goal(execution.goalId(), () -> runGoal(execution));
  }

  private void runGoal(GoalExecution execution) {
    String goalId = execution.goalId();
    try {
      GoalEntity goal;
      try {
        goal = store.moveGoal(goalId, GoalStatus.RUNNING, null, null, execution.fence());
      } catch (IllegalTransitionException e) {
        return; // cancelled (or finished) before it started
      }
      events.status(goal);
      execution.budget(new BudgetTracker(goal.budget(), clock, goal.getTokensUsed()));
      runStarted(goal, execution);
    } catch (LeaseLostException e) {
      LOG.info(
          "goal "
              + goalId
              + " stopped here without writing: its claim (fence "
              + execution.fence()
              + ") is no longer this instance's");
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "goal " + goalId + " could not run", e);
    } finally {
      execution.done().complete(null);
    }
  }

  private void runStarted(GoalEntity goal, GoalExecution execution) {
    String goalId = goal.getId();
    String model = models.resolve(goal.getModel(), goal.getTier());
    long fence = execution.fence();
    ToolContext context = new ToolContext(goalId, scratchpad(goal), execution.cancelled());
    String goalText =
        ReactPrompts.goal(goal.getTitle(), goal.getDescription(), goal.getSuccessCriteria());
    String runId = null;
    try {
      List<WorkItemEntity> items = store.workItems(goalId);
      if (items.isEmpty()) {
        items = plan(goal, goalText, model, execution);
        items.forEach(events::workItem);
      }
      List<String> results = new ArrayList<>();
      String answer = null;
      for (int i = 0; i < items.size(); i++) {
        WorkItemEntity item = items.get(i);
        if (item.status() == WorkItemStatus.SUCCEEDED) {
          // done before a retry: its result stays and feeds the items after it
          answer = item.getResult();
          results.add(item.getTitle() + ": " + answer);
          continue;
        }
        if (item.status() != WorkItemStatus.PENDING) {
          continue;
        }
        execution.checkCancelled();
        events.workItem(store.moveWorkItem(item.getId(), WorkItemStatus.RUNNING, null, fence));
        RunEntity run = store.startRun(goalId, item.getId(), fence);
        runId = run.getId();
        ReactLoop loop =
            new ReactLoop(
                llm,
                tools,
                execution,
                new ReactLoop.RunIds(model, goalId, item.getId(), runId, goal.getOwner()),
                settings.maxTokensPerCall(),
                listener(goalId, item.getId(), runId, fence));
        String task = ReactPrompts.task(goalText, i + 1, items.size(), item.getTitle(), results);
        answer = spans.workItem(goalId, item.getId(), runId, () -> loop.run(task, context));
        store.finishRun(runId, RunStatus.SUCCEEDED, null, fence);
        runId = null;
        events.workItem(store.moveWorkItem(item.getId(), WorkItemStatus.SUCCEEDED, answer, fence));
        results.add(item.getTitle() + ": " + answer);
      }
      events.status(store.moveGoal(goalId, GoalStatus.SUCCEEDED, answer, null, fence));
      spans.goalEnded(GoalStatus.SUCCEEDED.wireName(), null);
    } catch (LeaseLostException e) {
      throw e;
    } catch (GoalCancelledException e) {
      if (execution.isShutdown()) {
        end(execution, runId, GoalStatus.FAILED, AgentStartup.INTERRUPTED);
      } else {
        end(execution, runId, GoalStatus.CANCELLED, "cancelled");
      }
    } catch (BudgetExceededException | AgentFailureException | UnknownModelException e) {
      end(execution, runId, GoalStatus.FAILED, e.getMessage());
    } catch (ProviderException e) {
      end(
          execution,
          runId,
          GoalStatus.FAILED,
          stoppedByShutdown(execution, e)
              ? AgentStartup.INTERRUPTED
              : "provider error: " + e.describe());
    } catch (RuntimeException e) {
      if (execution.leaseLost()) {
        throw new LeaseLostException(goalId, fence);
      }
      LOG.log(Level.SEVERE, "goal " + goalId + " failed unexpectedly", e);
      end(execution, runId, GoalStatus.FAILED, "internal error: " + e.getClass().getSimpleName());
    }
  }

  /**
   * Whether a server stop caused the failure: the scheduler stopped the goal, or the stopping
   * server's executor refused the stream's work before the scheduler got to it.
   */
  private static boolean stoppedByShutdown(GoalExecution execution, Throwable failure) {
    if (execution.isShutdown()) {
      return true;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RejectedExecutionException) {
        return true;
      }
    }
    return false;
  }

  private List<WorkItemEntity> plan(
      GoalEntity goal, String goalText, String model, GoalExecution execution) {
    execution.checkCancelled();
    execution.budget().check();
    LlmCompletionOptions options =
        LlmCompletionOptions.builder().stream(true)
            .origin(new StreamOrigin(goal.getId(), null, null))
            .owner(goal.getOwner())
            .maxTokens(Math.max(1, Math.min(PLAN_MAX_TOKENS, execution.budget().remainingTokens())))
            .build();
    LlmResponse plan =
        execution.await(
            llm.start(
                model,
                List.of(
                    ChatMessage.system(
                        ReactPrompts.planningSystem(tools.all(), settings.maxWorkItems())),
                    ChatMessage.user(goalText)),
                options));
    store.addTokens(goal.getId(), null, plan.usage().total(), execution.fence());
    List<String> titles =
        ReactPrompts.parsePlan(plan.text(), goal.getTitle(), settings.maxWorkItems());
    return store.addWorkItems(goal.getId(), titles, execution.fence());
  }

  private ReactLoop.Listener listener(String goalId, String workItemId, String runId, long fence) {
    return new ReactLoop.Listener() {
      @Override
      public void step(ReactLoop.StepRecord s) {
        store.addStep(
            new StepEntity(
                runId,
                goalId,
                s.index(),
                s.thought(),
                s.action(),
                s.actionInput(),
                s.observation(),
                s.finalAnswer(),
                System.currentTimeMillis()),
            fence);
        events.step(goalId, workItemId, runId, s);
      }

      @Override
      public void tokens(int tokens) {
        store.addTokens(goalId, runId, tokens, fence);
      }
    };
  }

  /**
   * Ends a goal that stopped early: its run, its work item and the items still pending. Writes
   * nothing when the execution lost its lease: the goal is another instance's now.
   */
  private void end(GoalExecution execution, String runId, GoalStatus status, String reason) {
    String goalId = execution.goalId();
    long fence = execution.fence();
    if (execution.leaseLost()) {
      throw new LeaseLostException(goalId, fence);
    }
    boolean cancelled = status == GoalStatus.CANCELLED;
    if (runId != null) {
      store.finishRun(runId, cancelled ? RunStatus.CANCELLED : RunStatus.FAILED, reason, fence);
    }
    for (WorkItemEntity w : store.workItems(goalId)) {
      WorkItemStatus next;
      if (w.status() == WorkItemStatus.RUNNING) {
        next = cancelled ? WorkItemStatus.CANCELLED : WorkItemStatus.FAILED;
      } else if (w.status() == WorkItemStatus.PENDING) {
        next = cancelled ? WorkItemStatus.CANCELLED : WorkItemStatus.SKIPPED;
      } else {
        continue;
      }
      events.workItem(store.moveWorkItem(w.getId(), next, null, fence));
    }
    events.status(store.moveGoal(goalId, status, null, cancelled ? null : reason, fence));
    spans.goalEnded(status.wireName(), reason);
  }

  /** The goal's read-only notes: the submitted scratchpad plus its title and criteria. */
  static Map<String, String> scratchpad(GoalEntity goal) {
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("goal.title", goal.getTitle());
    if (goal.getSuccessCriteria() != null) {
      notes.put("goal.successCriteria", goal.getSuccessCriteria());
    }
    if (goal.getScratchpad() != null && !goal.getScratchpad().isBlank()) {
      try (JsonReader r =
          JsonSupport.provider().createReader(new StringReader(goal.getScratchpad()))) {
        JsonObject o = r.readObject();
        o.forEach(
            (k, v) -> {
              if (v instanceof JsonString s) {
                notes.put(k, s.getString());
              }
            });
      }
    }
    return notes;
  }
}
