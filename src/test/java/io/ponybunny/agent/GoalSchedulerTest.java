package io.ponybunny.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.WorkItemEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoalSchedulerTest {

  /** A runner whose goals run until the test lets them end, or until they are stopped. */
  static final class GatedRunner extends GoalRunner {
    final BlockingQueue<String> started = new LinkedBlockingQueue<>();
    final Map<String, Semaphore> gates = new ConcurrentHashMap<>();
    final Map<String, GoalExecution> executions = new ConcurrentHashMap<>();

    @Override
    public void run(GoalExecution execution) {
      executions.put(execution.goalId(), execution);
      execution.cancelled().thenRun(() -> gate(execution.goalId()).release());
      started.add(execution.goalId());
      try {
        gate(execution.goalId()).acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        execution.done().complete(null);
      }
    }

    Semaphore gate(String goalId) {
      return gates.computeIfAbsent(goalId, k -> new Semaphore(0));
    }

    String nextStarted() throws InterruptedException {
      return started.poll(10, TimeUnit.SECONDS);
    }
  }

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final AgentFakes.MemoryGoalStore store = new AgentFakes.MemoryGoalStore();
  private final AgentFakes.CountingEvents events = new AgentFakes.CountingEvents();
  private final GatedRunner runner = new GatedRunner();
  private final GoalScheduler scheduler = new GoalScheduler();

  @BeforeEach
  void wire() {
    scheduler.runner = runner;
    scheduler.store = store;
    scheduler.events = events;
    scheduler.settings = AgentFakes.settings(1, 2);
    scheduler.executor = AgentFakes.managed(pool);
  }

  @AfterEach
  void stop() {
    scheduler.stop();
    runner.gates.values().forEach(g -> g.release(100));
    pool.shutdownNow();
  }

  private GoalEntity goal(String id) {
    return store.add(
        new GoalEntity(id, "t " + id, "d", null, null, null, Budget.DEFAULT, null, 1L, "alice"));
  }

  private void submitNew(String id) {
    try (GoalScheduler.Slot slot = scheduler.reserve("alice")) {
      goal(id);
      slot.submit(id);
    }
  }

  @Test
  void atMostMaxQueuedGoalsWaitAndAStartedGoalFreesAPlace() throws Exception {
    submitNew("g1");
    assertEquals("g1", runner.nextStarted());
    submitNew("g2");
    submitNew("g3");
    assertEquals(2, scheduler.queued());
    assertEquals(1, scheduler.active());

    QueueFullException full =
        assertThrows(QueueFullException.class, () -> scheduler.reserve("alice"));
    assertEquals(30, full.retryAfterSeconds());

    runner.gate("g1").release();
    assertEquals("g2", runner.nextStarted());
    submitNew("g4");
    assertThrows(QueueFullException.class, () -> scheduler.reserve("alice"));
    runner.gate("g2").release();
    assertEquals("g3", runner.nextStarted(), "oldest first");
    runner.gate("g3").release();
    assertEquals("g4", runner.nextStarted());
    assertEquals(0, scheduler.queued());
  }

  @Test
  void aPlaceReservedForAGoalThatCouldNotBeStoredIsGivenBack() {
    scheduler.settings = AgentFakes.settings(1, 1);
    assertThrows(
        IllegalStateException.class,
        () -> {
          try (GoalScheduler.Slot slot = scheduler.reserve("alice")) {
            throw new IllegalStateException("database down");
          }
        });
    assertEquals(0, scheduler.queued());
    try (GoalScheduler.Slot slot = scheduler.reserve("alice")) {
      assertTrue(slot != null, "the place is free again");
    }
  }

  @Test
  void goalsFoundQueuedAtStartAreRestoredBeyondTheCap() throws Exception {
    for (String id : List.of("a", "b", "c", "d")) {
      goal(id);
      scheduler.restore(id, "alice");
    }
    assertEquals("a", runner.nextStarted());
    assertEquals(3, scheduler.queued());
    assertThrows(QueueFullException.class, () -> scheduler.reserve("alice"));
  }

  private GoalEntity failedGoalWithThreeItems(String id) {
    GoalEntity g = goal(id);
    g.moveTo(GoalStatus.RUNNING, 2L);
    List<WorkItemEntity> items = store.addWorkItems(id, List.of("A", "B", "C"));
    store.moveWorkItem(items.get(0).getId(), WorkItemStatus.RUNNING, null);
    store.moveWorkItem(items.get(0).getId(), WorkItemStatus.SUCCEEDED, "a");
    store.moveWorkItem(items.get(1).getId(), WorkItemStatus.RUNNING, null);
    store.moveWorkItem(items.get(1).getId(), WorkItemStatus.FAILED, null);
    store.moveWorkItem(items.get(2).getId(), WorkItemStatus.SKIPPED, null);
    g.moveTo(GoalStatus.FAILED, 3L);
    g.setError(AgentStartup.INTERRUPTED);
    return g;
  }

  @Test
  void aRetryQueuesTheFailedGoalWithItsUnfinishedItemsPendingAndStartsIt() throws Exception {
    failedGoalWithThreeItems("g1");
    GoalEntity g = scheduler.retry("g1", "alice");
    assertEquals(GoalStatus.QUEUED, g.status());
    assertNull(g.getError());
    assertNull(g.getFinishedAt());
    assertEquals("g1", runner.nextStarted());
    List<WorkItemEntity> items = store.workItems("g1");
    assertEquals(WorkItemStatus.SUCCEEDED, items.get(0).status());
    assertEquals("a", items.get(0).getResult());
    assertEquals(WorkItemStatus.PENDING, items.get(1).status());
    assertEquals(WorkItemStatus.PENDING, items.get(2).status());
    assertEquals(
        List.of("status g1 queued", "workitem B pending", "workitem C pending"), events.published);
  }

  @Test
  void aRetryIsRefusedWhenTheQueueIsFullAndTheGoalStaysFailed() throws Exception {
    failedGoalWithThreeItems("old");
    submitNew("g1");
    assertEquals("g1", runner.nextStarted());
    submitNew("g2");
    submitNew("g3");
    assertThrows(QueueFullException.class, () -> scheduler.retry("old", "alice"));
    assertEquals(0, store.requeues, "nothing was written");
    assertEquals(GoalStatus.FAILED, store.find("old").orElseThrow().status());
  }

  @Test
  void onlyAFailedGoalCanBeRetriedAndARefusalGivesItsPlaceBack() {
    scheduler.settings = AgentFakes.settings(1, 1);
    GoalEntity done = goal("done");
    done.moveTo(GoalStatus.RUNNING, 2L);
    done.moveTo(GoalStatus.SUCCEEDED, 3L);
    goal("waiting");
    assertThrows(IllegalTransitionException.class, () -> scheduler.retry("done", "alice"));
    assertThrows(IllegalTransitionException.class, () -> scheduler.retry("waiting", "alice"));
    assertEquals(GoalStatus.SUCCEEDED, done.status());
    try (GoalScheduler.Slot slot = scheduler.reserve("alice")) {
      assertTrue(slot != null, "the refused retries gave their place back");
    }
  }

  @Test
  void aGoalRetriedWhileItsLastRunWindsDownStartsWhenThatRunEnds() throws Exception {
    scheduler.settings = AgentFakes.settings(2, 2);
    failedGoalWithThreeItems("g1");
    // the runner wrote "failed" but its thread has not returned yet
    scheduler.restore("g1", "alice");
    assertEquals("g1", runner.nextStarted());
    scheduler.retry("g1", "alice");
    assertEquals(1, scheduler.queued(), "waits although a slot is free");
    assertEquals(1, scheduler.active());
    runner.gate("g1").release();
    assertEquals("g1", runner.nextStarted(), "started again once the old run ended");
    assertEquals(0, scheduler.queued());
  }

  // ---- queue order, concurrency and cap ---------------------------------------------------------

  @ParameterizedTest(name = "{0} at once, {1} waiting")
  @CsvSource({"1, 5", "2, 4", "3, 3"})
  void goalsStartOldestFirstUpToTheConcurrencyAndAtMostTheCapWait(int concurrency, int cap)
      throws Exception {
    scheduler.settings = AgentFakes.settings(concurrency, cap);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= concurrency + cap; i++) {
      ids.add("g" + i);
      submitNew("g" + i);
    }
    List<String> first = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      first.add(runner.nextStarted());
    }
    assertEquals(Set.copyOf(ids.subList(0, concurrency)), Set.copyOf(first));
    assertEquals(concurrency, scheduler.active());
    assertEquals(cap, scheduler.queued());
    QueueFullException full =
        assertThrows(QueueFullException.class, () -> scheduler.reserve("alice"));
    assertEquals(cap, full.capacity());
    assertNull(runner.started.poll(), "nothing more starts while every slot is taken");

    for (int i = concurrency; i < ids.size(); i++) {
      runner.gate(ids.get(i - concurrency)).release();
      assertEquals(ids.get(i), runner.nextStarted(), "oldest first");
    }
    assertEquals(0, scheduler.queued());
  }

  @Test
  void aGoalTheExecutorRefusesWaitsFirstInLine() throws Exception {
    scheduler.settings = AgentFakes.settings(1, 5);
    AtomicBoolean refuse = new AtomicBoolean(true);
    scheduler.executor =
        AgentFakes.managed(
            task -> {
              if (refuse.get()) {
                throw new RejectedExecutionException("executor stopping");
              }
              pool.execute(task);
            });
    submitNew("g1");
    assertEquals(1, scheduler.queued());
    assertEquals(0, scheduler.active());
    refuse.set(false);
    submitNew("g2");
    assertEquals("g1", runner.nextStarted(), "the refused goal keeps its place");
    runner.gate("g1").release();
    assertEquals("g2", runner.nextStarted());
  }

  // ---- cancel -----------------------------------------------------------------------------------

  @Test
  void aQueuedGoalIsCancelledAtOnceAndNeverStarts() throws Exception {
    submitNew("running");
    assertEquals("running", runner.nextStarted());
    submitNew("waiting");
    submitNew("next");

    assertEquals(GoalScheduler.CancelOutcome.CANCELLED, scheduler.cancel("waiting", 1000));
    assertEquals(GoalStatus.CANCELLED, store.find("waiting").orElseThrow().status());
    assertTrue(events.published.contains("status waiting cancelled"), events.published.toString());
    assertEquals(1, scheduler.queued(), "its place is free");

    runner.gate("running").release();
    assertEquals("next", runner.nextStarted(), "the cancelled goal was skipped");
    assertEquals(
        GoalScheduler.CancelOutcome.FINISHED,
        scheduler.cancel("waiting", 1000),
        "cancelling it again finds it finished");
  }

  @Test
  void aRunningGoalIsStoppedAndTheNextOneStarts() throws Exception {
    submitNew("running");
    assertEquals("running", runner.nextStarted());
    submitNew("waiting");

    assertEquals(GoalScheduler.CancelOutcome.STOPPING, scheduler.cancel("running", 10_000));
    GoalExecution stopped = runner.executions.get("running");
    assertTrue(stopped.cancelRequested());
    assertFalse(stopped.isShutdown(), "a cancel, not a shutdown");
    assertTrue(stopped.done().isDone(), "the cancel waited for the runner to end");
    assertEquals("waiting", runner.nextStarted());
  }

  @Test
  void cancellingAFinishedOrUnknownGoalChangesNothing() {
    GoalEntity done = goal("done");
    done.moveTo(GoalStatus.RUNNING, 2L);
    done.moveTo(GoalStatus.SUCCEEDED, 3L);
    assertEquals(GoalScheduler.CancelOutcome.FINISHED, scheduler.cancel("done", 1000));
    assertEquals(GoalStatus.SUCCEEDED, done.status());
    assertEquals(GoalScheduler.CancelOutcome.UNKNOWN, scheduler.cancel("nope", 1000));
    assertEquals(List.of(), events.published);
  }

  @Test
  void aStoppedSchedulerShutsItsGoalsDownAndStartsNoMore() throws Exception {
    CountDownLatch firstTaskEnded = new CountDownLatch(1);
    scheduler.executor =
        AgentFakes.managed(
            task ->
                pool.execute(
                    () -> {
                      task.run();
                      firstTaskEnded.countDown();
                    }));
    submitNew("running");
    assertEquals("running", runner.nextStarted());
    submitNew("waiting");
    scheduler.stop();
    assertTrue(
        runner.executions.get("running").isShutdown(),
        "it ends failed as interrupted, not cancelled");
    assertTrue(firstTaskEnded.await(10, TimeUnit.SECONDS));
    assertEquals(0, scheduler.active(), "its end started nothing");
    assertEquals(1, scheduler.queued(), "the waiting goal stays queued for the next start");
  }
}
