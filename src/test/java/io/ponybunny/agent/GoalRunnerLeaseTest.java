package io.ponybunny.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.WorkItemEntity;
import io.ponybunny.agent.tools.CalculatorTool;
import io.ponybunny.agent.tools.ToolRegistry;
import io.ponybunny.llm.api.FinishReason;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A runner in cluster mode presents its claim's fence with every write: once another instance took
 * the goal over, it stops without writing or publishing anything more, whether the database refused
 * its write or its heartbeat found the lease lost while a call was in flight.
 */
class GoalRunnerLeaseTest {

  private final AgentFakes.MemoryGoalStore store = new AgentFakes.MemoryGoalStore();
  private final ReactLoopTest.ScriptedLlm llm = new ReactLoopTest.ScriptedLlm();
  private final AgentFakes.CountingEvents events = new AgentFakes.CountingEvents();
  private final GoalRunner runner = new GoalRunner();

  @BeforeEach
  void wire() {
    runner.store = store;
    runner.llm = llm;
    runner.tools = new ToolRegistry(List.of(new CalculatorTool()));
    runner.models = new ModelResolver(key -> Optional.empty());
    runner.events = events;
    runner.settings = AgentFakes.settings(1, 10);
  }

  private GoalEntity claimedGoal(long fence) {
    GoalEntity g =
        store.add(
            new GoalEntity(
                "g1", "Two steps", "d", null, "sim/x", null, Budget.DEFAULT, null, 1L, "alice"));
    store.fences.put("g1", fence);
    return g;
  }

  @Test
  void aWriteAfterAnotherInstanceTookTheGoalOverIsRefusedAndTheRunnerStopsQuietly() {
    GoalEntity g = claimedGoal(3);
    int[] eventsAtTakeover = new int[1];
    llm.say("1. A\n2. B")
        .answer(
            () -> {
              // while A's call runs, this instance stalls and another one claims the goal
              store.fences.put("g1", 4L);
              eventsAtTakeover[0] = events.published.size();
              return ReactLoopTest.response("Final Answer: a", List.of(), FinishReason.STOP);
            });
    GoalExecution execution = new GoalExecution("g1", Runnable::run, 3);

    runner.run(execution);

    assertTrue(execution.done().isDone());
    assertEquals(GoalStatus.RUNNING, g.status(), "left as the new holder has it");
    List<WorkItemEntity> items = store.workItems("g1");
    assertEquals(WorkItemStatus.RUNNING, items.get(0).status());
    assertEquals(WorkItemStatus.PENDING, items.get(1).status());
    assertEquals(
        eventsAtTakeover[0], events.published.size(), "nothing published after the takeover");
    assertEquals(2, llm.prompts.size(), "no call after the refused write");
    assertEquals(0, store.steps.size(), "the step of the refused write was not kept");
  }

  @Test
  void aLeaseLostDuringACallStopsTheCallAndNothingMoreIsWritten() throws Exception {
    GoalEntity g = claimedGoal(1);
    llm.say("1. A");
    CountDownLatch secondCall = new CountDownLatch(2);
    runner.llm =
        (model, messages, options) -> {
          llm.hang = secondCall.getCount() == 1; // the plan answers; A's call hangs
          LlmPort.Handle h = llm.start(model, messages, options);
          secondCall.countDown();
          return h;
        };
    GoalExecution execution = new GoalExecution("g1", Runnable::run, 1);
    CompletableFuture<Void> run = CompletableFuture.runAsync(() -> runner.run(execution));
    assertTrue(secondCall.await(10, TimeUnit.SECONDS), "A's call started");
    int writes;
    int published;
    synchronized (store) {
      writes = store.writes;
    }
    synchronized (events) {
      published = events.published.size();
    }

    execution.loseLease(); // the heartbeat found the goal taken over

    run.get(10, TimeUnit.SECONDS);
    assertTrue(execution.done().isDone());
    assertEquals(writes, store.writes, "no write after the lease was lost");
    assertEquals(published, events.published.size(), "no event after the lease was lost");
    assertEquals(GoalStatus.RUNNING, g.status());
    assertEquals(WorkItemStatus.RUNNING, store.workItems("g1").get(0).status());
  }

  @Test
  void aSingleNodeWritesWithoutFenceChecks() {
    GoalEntity g = claimedGoal(7); // fence 0 below: unchecked
    llm.say("1. A").say("Final Answer: a");
    runner.run(new GoalExecution("g1", Runnable::run));
    assertEquals(GoalStatus.SUCCEEDED, g.status(), g.getError());
  }

  @Test
  void theStoreRefusesAStaleFenceBeforeWritingAnything() {
    GoalEntity g = claimedGoal(2);
    LeaseLostException e =
        assertThrows(
            LeaseLostException.class,
            () -> store.moveGoal("g1", GoalStatus.RUNNING, null, null, 1));
    assertEquals("g1", e.goalId());
    assertEquals(1, e.fence());
    assertEquals(GoalStatus.QUEUED, g.status());
  }
}
