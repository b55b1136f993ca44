package io.ponybunny.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.RunEntity;
import io.ponybunny.agent.persistence.WorkItemEntity;
import io.ponybunny.agent.tools.CalculatorTool;
import io.ponybunny.agent.tools.ToolRegistry;
import io.ponybunny.llm.api.ChatMessage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A retried goal resumes: succeeded work items keep their results, only the others run. */
class GoalRunnerResumeTest {

  private final AgentFakes.MemoryGoalStore store = new AgentFakes.MemoryGoalStore();
  private final ReactLoopTest.ScriptedLlm llm = new ReactLoopTest.ScriptedLlm();
  private final GoalRunner runner = new GoalRunner();

  @BeforeEach
  void wire() {
    runner.store = store;
    runner.llm = llm;
    runner.tools = new ToolRegistry(List.of(new CalculatorTool()));
    runner.models = new ModelResolver(key -> Optional.empty());
    runner.events = new AgentFakes.CountingEvents();
    runner.settings = AgentFakes.settings(1, 10);
  }

  /** A goal that failed in its second of three work items, as a server stop leaves it. */
  private GoalEntity interruptedInSecondItem() {
    GoalEntity g =
        store.add(
            new GoalEntity(
                "g1", "Three steps", "d", null, "sim/x", null, Budget.DEFAULT, null, 1L, "alice"));
    g.moveTo(GoalStatus.RUNNING, 2L);
    List<WorkItemEntity> items = store.addWorkItems("g1", List.of("A", "B", "C"));
    store.moveWorkItem(items.get(0).getId(), WorkItemStatus.RUNNING, null);
    store.moveWorkItem(items.get(0).getId(), WorkItemStatus.SUCCEEDED, "a");
    store.moveWorkItem(items.get(1).getId(), WorkItemStatus.RUNNING, null);
    RunEntity old = store.startRun("g1", items.get(1).getId());
    store.finishRun(old.getId(), RunStatus.FAILED, AgentStartup.INTERRUPTED);
    store.moveWorkItem(items.get(1).getId(), WorkItemStatus.FAILED, null);
    store.moveWorkItem(items.get(2).getId(), WorkItemStatus.SKIPPED, null);
    g.moveTo(GoalStatus.FAILED, 3L);
    g.setError(AgentStartup.INTERRUPTED);
    return g;
  }

  private static String lastUserMessage(List<ChatMessage> prompt) {
    return prompt.get(prompt.size() - 1).content();
  }

  @Test
  void resumesFromTheFirstUnfinishedItemWithTheEarlierResults() {
    interruptedInSecondItem();
    store.requeue("g1");
    llm.say("Final Answer: b").say("Final Answer: c");

    GoalExecution execution = new GoalExecution("g1", Runnable::run);
    runner.run(execution);

    GoalEntity g = store.find("g1").orElseThrow();
    assertEquals(GoalStatus.SUCCEEDED, g.status(), g.getError());
    assertEquals("c", g.getResult());
    assertEquals(2, llm.prompts.size(), "no planning call, no call for the succeeded item");
    String second = lastUserMessage(llm.prompts.get(0));
    assertTrue(second.contains("Work item 2 of 3"), second);
    assertTrue(second.contains("- A: a"), second);
    String third = lastUserMessage(llm.prompts.get(1));
    assertTrue(third.contains("- A: a") && third.contains("- B: b"), third);

    List<WorkItemEntity> items = store.workItems("g1");
    assertEquals(List.of("a", "b", "c"), items.stream().map(WorkItemEntity::getResult).toList());
    List<RunEntity> runsOfB =
        store.runs.values().stream()
            .filter(r -> r.getWorkItemId().equals(items.get(1).getId()))
            .toList();
    assertEquals(List.of(1, 2), runsOfB.stream().map(RunEntity::getAttempt).toList());
    assertEquals(
        List.of(RunStatus.FAILED, RunStatus.SUCCEEDED),
        runsOfB.stream().map(RunEntity::status).toList(),
        "the interrupted run stays as history");
    assertTrue(execution.done().isDone());
  }

  @Test
  void aGoalWhoseItemsAllSucceededEndsWithTheLastResultWithoutCallingTheModel() {
    GoalEntity g =
        store.add(
            new GoalEntity("g2", "One", "d", null, "sim/x", null, Budget.DEFAULT, null, 1L, "bob"));
    g.moveTo(GoalStatus.RUNNING, 2L);
    WorkItemEntity only = store.addWorkItems("g2", List.of("X")).get(0);
    store.moveWorkItem(only.getId(), WorkItemStatus.RUNNING, null);
    store.moveWorkItem(only.getId(), WorkItemStatus.SUCCEEDED, "x");
    g.moveTo(GoalStatus.FAILED, 3L);
    store.requeue("g2");

    runner.run(new GoalExecution("g2", Runnable::run));

    assertEquals(GoalStatus.SUCCEEDED, g.status());
    assertEquals("x", g.getResult());
    assertEquals(0, llm.prompts.size());
  }
}
