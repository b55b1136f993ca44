package io.ponybunny.agent;

import static io.ponybunny.agent.ReactLoopTest.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.RunEntity;
import io.ponybunny.agent.persistence.WorkItemEntity;
import io.ponybunny.agent.tools.CalculatorTool;
import io.ponybunny.agent.tools.ToolRegistry;
import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.NonRetryableProviderException;
import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.api.UnknownModelException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A goal run to its end by {@link GoalRunner} against a scripted model: planning into work items,
 * running them in order, and the marks a goal that stops early leaves on its work items and runs
 * (failed: the running item failed, the pending ones skipped; cancelled: both cancelled).
 */
class GoalRunnerTest {

  private static final String ACTION =
      "Action: calculator\nAction Input: {\"expression\": \"1+1\"}";

  private final AgentFakes.MemoryGoalStore store = new AgentFakes.MemoryGoalStore();
  private final ReactLoopTest.ScriptedLlm llm = new ReactLoopTest.ScriptedLlm();
  private final AgentFakes.CountingEvents events = new AgentFakes.CountingEvents();
  private final BudgetTrackerTest.ManualClock clock = new BudgetTrackerTest.ManualClock();
  private final GoalRunner runner = new GoalRunner();
  private final GoalExecution execution = new GoalExecution("g1", Runnable::run);

  @BeforeEach
  void wire() {
    runner.store = store;
    runner.llm = llm;
    runner.tools = new ToolRegistry(List.of(new CalculatorTool()));
    runner.models = new ModelResolver(key -> Optional.empty());
    runner.events = events;
    runner.settings = AgentFakes.settings(1, 10);
    runner.clock = clock;
  }

  private GoalEntity goal() {
    return store.add(
        new GoalEntity(
            "g1", "Three steps", "d", null, "sim/x", null, Budget.DEFAULT, null, 1L, "alice"));
  }

  private List<WorkItemStatus> itemStatuses() {
    return store.workItems("g1").stream().map(WorkItemEntity::status).toList();
  }

  @Test
  void aNewGoalIsPlannedThenItsItemsRunInOrderEachGivenTheEarlierResults() {
    goal();
    llm.say("1. First\n2. Second\n- Third")
        .say("Final Answer: a")
        .say(ACTION)
        .say("Final Answer: b")
        .say("Final Answer: c");

    runner.run(execution);

    GoalEntity g = store.find("g1").orElseThrow();
    assertEquals(GoalStatus.SUCCEEDED, g.status(), g.getError());
    assertEquals("c", g.getResult());
    List<WorkItemEntity> items = store.workItems("g1");
    assertEquals(
        List.of("First", "Second", "Third"), items.stream().map(WorkItemEntity::getTitle).toList());
    assertEquals(List.of("a", "b", "c"), items.stream().map(WorkItemEntity::getResult).toList());
    assertEquals(
        List.of(RunStatus.SUCCEEDED, RunStatus.SUCCEEDED, RunStatus.SUCCEEDED),
        store.runs.values().stream().map(RunEntity::status).toList());
    assertEquals(5 * 15, g.getTokensUsed(), "the plan's and every step's tokens");

    LlmCompletionOptions plan = llm.options.get(0);
    assertTrue(plan.stream());
    assertEquals("g1", plan.origin().goalId());
    assertEquals("alice", plan.owner());
    assertEquals(512, plan.maxTokens());
    String third = llm.prompts.get(4).get(llm.prompts.get(4).size() - 1).content();
    assertTrue(third.contains("- First: a") && third.contains("- Second: b"), third);

    assertEquals(
        List.of(
            "status g1 running",
            "workitem First pending",
            "workitem Second pending",
            "workitem Third pending",
            "workitem First running",
            "step 0",
            "workitem First succeeded",
            "workitem Second running",
            "step 0",
            "step 1",
            "workitem Second succeeded",
            "workitem Third running",
            "step 0",
            "workitem Third succeeded",
            "status g1 succeeded"),
        events.published);
    assertTrue(execution.done().isDone());
  }

  /** How the model's answer to the second work item ends the goal, and the marks it leaves. */
  record Stop(
      String name,
      Answer answer,
      GoalStatus goal,
      String error,
      WorkItemStatus running,
      WorkItemStatus pending,
      RunStatus run) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The model's answer, made when the call starts. */
  @FunctionalInterface
  interface Answer {
    LlmResponse make(GoalExecution execution, BudgetTrackerTest.ManualClock clock);
  }

  static Stream<Stop> stops() {
    return Stream.of(
        new Stop(
            "a provider error",
            (e, c) -> {
              throw new NonRetryableProviderException(
                  "sim", 401, "authentication_error", "no", null);
            },
            GoalStatus.FAILED,
            "provider error: sim 401 authentication_error: no",
            WorkItemStatus.FAILED,
            WorkItemStatus.SKIPPED,
            RunStatus.FAILED),
        new Stop(
            "a provider error because the server's executor stopped",
            (e, c) -> {
              throw new RetryableProviderException(
                  "sim", 0, "internal_error", "rejected", null, new RejectedExecutionException());
            },
            GoalStatus.FAILED,
            AgentStartup.INTERRUPTED,
            WorkItemStatus.FAILED,
            WorkItemStatus.SKIPPED,
            RunStatus.FAILED),
        new Stop(
            "an unknown model",
            (e, c) -> {
              throw new UnknownModelException("unknown model 'sim/x'");
            },
            GoalStatus.FAILED,
            "unknown model 'sim/x'",
            WorkItemStatus.FAILED,
            WorkItemStatus.SKIPPED,
            RunStatus.FAILED),
        new Stop(
            "answers never in the ReAct format",
            (e, c) -> response("Thought: let me", List.of(), FinishReason.LENGTH),
            GoalStatus.FAILED,
            "the model's answers did not follow the ReAct format 3 times",
            WorkItemStatus.FAILED,
            WorkItemStatus.SKIPPED,
            RunStatus.FAILED),
        new Stop(
            "the token budget spent",
            (e, c) ->
                new LlmResponse(
                    ACTION,
                    null,
                    List.of(),
                    new TokenUsage(60_000, 5),
                    FinishReason.STOP,
                    null,
                    null),
            GoalStatus.FAILED,
            "token budget exhausted: 60020 of 50000 tokens used",
            WorkItemStatus.FAILED,
            WorkItemStatus.SKIPPED,
            RunStatus.FAILED),
        new Stop(
            "the time budget spent",
            (e, c) -> {
              c.advance(Duration.ofSeconds(301));
              return response(ACTION, List.of(), FinishReason.STOP);
            },
            GoalStatus.FAILED,
            "time budget exhausted: 300 s elapsed",
            WorkItemStatus.FAILED,
            WorkItemStatus.SKIPPED,
            RunStatus.FAILED),
        new Stop(
            "an unexpected exception",
            (e, c) -> {
              throw new IllegalStateException("bug");
            },
            GoalStatus.FAILED,
            "internal error: IllegalStateException",
            WorkItemStatus.FAILED,
            WorkItemStatus.SKIPPED,
            RunStatus.FAILED),
        new Stop(
            "a cancel",
            (e, c) -> {
              e.cancel();
              return response("Final Answer: b", List.of(), FinishReason.STOP);
            },
            GoalStatus.CANCELLED,
            null,
            WorkItemStatus.CANCELLED,
            WorkItemStatus.CANCELLED,
            RunStatus.CANCELLED),
        new Stop(
            "a server shutdown",
            (e, c) -> {
              e.shutdown();
              return response("Final Answer: b", List.of(), FinishReason.STOP);
            },
            GoalStatus.FAILED,
            AgentStartup.INTERRUPTED,
            WorkItemStatus.FAILED,
            WorkItemStatus.SKIPPED,
            RunStatus.FAILED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stops")
  void aGoalStoppedInItsSecondItemMarksItsItemsAndRun(Stop stop) {
    goal();
    List<WorkItemEntity> items = store.addWorkItems("g1", List.of("A", "B", "C"));
    llm.say("Final Answer: a");
    for (int i = 0; i < 3; i++) {
      llm.answer(() -> stop.answer().make(execution, clock));
    }

    runner.run(execution);

    GoalEntity g = store.find("g1").orElseThrow();
    assertEquals(stop.goal(), g.status());
    assertEquals(stop.error(), g.getError());
    assertNull(g.getResult());
    assertEquals(List.of(WorkItemStatus.SUCCEEDED, stop.running(), stop.pending()), itemStatuses());
    assertEquals("a", items.get(0).getResult(), "the finished item keeps its result");
    RunEntity runOfB =
        store.runs.values().stream()
            .filter(r -> r.getWorkItemId().equals(items.get(1).getId()))
            .findFirst()
            .orElseThrow();
    assertEquals(stop.run(), runOfB.status());
    assertEquals(
        stop.goal() == GoalStatus.CANCELLED ? "cancelled" : stop.error(), runOfB.getError());
    assertEquals(
        0,
        store.runs.values().stream()
            .filter(r -> r.getWorkItemId().equals(items.get(2).getId()))
            .count(),
        "the pending item never ran");
    assertEquals(
        "status g1 " + stop.goal().wireName(), events.published.get(events.published.size() - 1));
    assertTrue(execution.done().isDone());
  }

  @Test
  void aGoalWhosePlanningFailsEndsFailedWithoutItems() {
    goal();
    llm.fail(new NonRetryableProviderException("sim", 403, "permission_error", "no", null));
    runner.run(execution);
    GoalEntity g = store.find("g1").orElseThrow();
    assertEquals(GoalStatus.FAILED, g.status());
    assertEquals("provider error: sim 403 permission_error: no", g.getError());
    assertEquals(List.of(), store.workItems("g1"));
    assertEquals(0, store.runs.size());
  }

  @Test
  void aGoalCancelledBeforeItStartedIsLeftAlone() {
    GoalEntity g = goal();
    g.moveTo(GoalStatus.CANCELLED, 2L);
    runner.run(execution);
    assertEquals(GoalStatus.CANCELLED, g.status());
    assertEquals(List.of(), events.published);
    assertEquals(0, llm.prompts.size());
    assertTrue(execution.done().isDone(), "the scheduler is told it ended");
  }

  @Test
  void aFailedGoalRetriedThroughTheSchedulerResumesAfterItsLastCompletedItem() {
    GoalScheduler scheduler = new GoalScheduler();
    scheduler.runner = runner;
    scheduler.store = store;
    scheduler.events = events;
    scheduler.settings = AgentFakes.settings(1, 10);
    scheduler.executor = AgentFakes.managed(Runnable::run);
    llm.say("1. A\n2. B\n3. C")
        .say("Final Answer: a")
        .fail(new RetryableProviderException("sim", 503, "server_error", "busy", null, null));
    try (GoalScheduler.Slot slot = scheduler.reserve("alice")) {
      goal();
      slot.submit("g1");
    }
    assertEquals(GoalStatus.FAILED, store.find("g1").orElseThrow().status());
    assertEquals(
        List.of(WorkItemStatus.SUCCEEDED, WorkItemStatus.FAILED, WorkItemStatus.SKIPPED),
        itemStatuses());

    llm.say("Final Answer: b").say("Final Answer: c");
    scheduler.retry("g1", "alice");

    GoalEntity g = store.find("g1").orElseThrow();
    assertEquals(GoalStatus.SUCCEEDED, g.status(), g.getError());
    assertEquals("c", g.getResult());
    assertEquals(5, llm.prompts.size(), "no second plan, no second run of A");
    List<WorkItemEntity> items = store.workItems("g1");
    assertEquals(List.of("a", "b", "c"), items.stream().map(WorkItemEntity::getResult).toList());
    assertEquals(
        List.of(1, 2, 1),
        items.stream()
            .map(
                w ->
                    (int)
                        store.runs.values().stream()
                            .filter(r -> r.getWorkItemId().equals(w.getId()))
                            .count())
            .toList(),
        "runs per item");
  }
}
