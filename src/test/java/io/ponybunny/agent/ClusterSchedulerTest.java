package io.ponybunny.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.agent.GoalScheduler.CancelOutcome;
import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.RunEntity;
import io.ponybunny.agent.persistence.WorkItemEntity;
import io.ponybunny.agent.tools.CalculatorTool;
import io.ponybunny.agent.tools.ToolRegistry;
import io.ponybunny.cluster.ClusterSettings;
import io.ponybunny.cluster.InstanceRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster policy of the scheduler, with in-memory claims ({@link ClusterFakes}): claims up to
 * the concurrency, caps counted across the cluster, takeover of a dead instance's goal, heartbeat
 * renewals (lost leases stop quietly, remote cancels arrive), cancels of goals held anywhere, and
 * the hand-over of running goals at a stop.
 */
class ClusterSchedulerTest {

  private static final long LEASE = 30_000;
  private static final ClusterSettings CLUSTER =
      new ClusterSettings(true, "node-a", LEASE, 10_000, 2_000);

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final AgentFakes.MemoryGoalStore store = new AgentFakes.MemoryGoalStore();
  private final ClusterFakes.MemoryClaims claims = new ClusterFakes.MemoryClaims(store, log);
  private final AgentFakes.CountingEvents events = new AgentFakes.CountingEvents();
  private final GoalSchedulerTest.GatedRunner gated = new GoalSchedulerTest.GatedRunner();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private AgentSettings settings = AgentFakes.settings(2, 10);
  private ClusterScheduler scheduler;

  @BeforeEach
  void wire() {
    scheduler = scheduler(gated);
  }

  private ClusterScheduler scheduler(GoalRunner runner) {
    return new ClusterScheduler(
        CLUSTER,
        settings,
        claims,
        store,
        runner,
        events,
        new ClusterFakes.RecordingReaper(log),
        new ClusterFakes.RecordingInstances(log),
        pool,
        now::get);
  }

  @AfterEach
  void stop() {
    gated.gates.values().forEach(g -> g.release(100));
    pool.shutdownNow();
  }

  private GoalEntity goal(String id, String owner) {
    return store.add(
        new GoalEntity(id, "t " + id, "d", null, "sim/x", null, Budget.DEFAULT, null, 1L, owner));
  }

  @Test
  void claimsUpToTheConcurrencyAndMoreAsGoalsEnd() throws Exception {
    goal("g1", "alice");
    goal("g2", "alice");
    goal("g3", "alice");
    scheduler.pump();
    // two executor threads start them: in either order
    assertEquals(Set.of("g1", "g2"), Set.of(gated.nextStarted(), gated.nextStarted()));
    assertEquals(2, scheduler.active());
    assertEquals("node-a", store.instances.get("g1"));
    assertEquals(1, gated.executions.get("g1").fence(), "the execution carries its claim's fence");

    scheduler.pump();
    assertEquals(2, scheduler.active(), "no slot free: nothing more claimed");
    assertNull(store.instances.get("g3"));

    gated.gate("g1").release();
    assertEquals("g3", gated.nextStarted(), "an ending goal frees a slot, which claims the next");
  }

  @Test
  void theQueueCapsCountTheGoalsQueuedInTheWholeClusterAndThePlacesReservedHere() {
    settings = AgentFakes.settings(1, 3);
    settings.maxQueuedGoalsPerPrincipal = 1;
    scheduler = scheduler(gated);
    goal("theirs", "alice"); // queued by another instance

    QueueFullException mine =
        assertThrows(QueueFullException.class, () -> scheduler.reserve("alice"));
    assertTrue(mine.perPrincipal());
    assertEquals(1, mine.capacity());

    scheduler.reserve("bob");
    assertTrue(
        assertThrows(QueueFullException.class, () -> scheduler.reserve("bob")).perPrincipal(),
        "a place reserved here counts until it is filled or given back");
    scheduler.reserve("carol");
    QueueFullException all =
        assertThrows(QueueFullException.class, () -> scheduler.reserve("dave"));
    assertFalse(all.perPrincipal());
    assertEquals(3, all.capacity());

    scheduler.unreserve("carol");
    scheduler.reserve("dave");
  }

  @Test
  void aGoalTakenOverFromADeadInstanceIsRecoveredAndResumesFromItsUnfinishedItem() {
    GoalEntity g = goal("g1", "alice");
    g.moveTo(GoalStatus.RUNNING, 2L);
    List<WorkItemEntity> items = store.addWorkItems("g1", List.of("A", "B"));
    store.moveWorkItem(items.get(0).getId(), WorkItemStatus.RUNNING, null);
    store.moveWorkItem(items.get(0).getId(), WorkItemStatus.SUCCEEDED, "a");
    store.moveWorkItem(items.get(1).getId(), WorkItemStatus.RUNNING, null);
    RunEntity lost = store.startRun("g1", items.get(1).getId());
    claims.held("g1", "dead-node", 4, now.get() - 1); // its lease ran out
    ReactLoopTest.ScriptedLlm llm = new ReactLoopTest.ScriptedLlm().say("Final Answer: b");
    GoalRunner runner = new GoalRunner();
    runner.store = store;
    runner.llm = llm;
    runner.tools = new ToolRegistry(List.of(new CalculatorTool()));
    runner.models = new ModelResolver(key -> Optional.empty());
    runner.events = events;
    runner.settings = settings;
    ClusterScheduler s = scheduler(runner);

    s.pump();

    awaitFinal(g);
    assertEquals(GoalStatus.SUCCEEDED, g.status(), g.getError());
    assertEquals("b", g.getResult());
    assertEquals(RunStatus.FAILED, lost.status());
    assertEquals("instance lost", lost.getError());
    assertEquals(1, llm.prompts.size(), "only B ran again");
    assertEquals(
        List.of(RunStatus.FAILED, RunStatus.SUCCEEDED),
        store.runs.values().stream().map(RunEntity::status).toList());
    assertEquals(5L, store.fences.get("g1"), "claimed with the next fence");
    assertTrue(log.contains("streams of g1"), "its streams were ended first: " + log);
    List<String> published;
    synchronized (events) {
      published = List.copyOf(events.published);
    }
    assertEquals(
        List.of(
            "status g1 queued",
            "workitem B pending",
            "status g1 running",
            "workitem B running",
            "step 0",
            "workitem B succeeded",
            "status g1 succeeded"),
        published);
    awaitTrue(() -> claims.released.contains("g1"), "the ended goal's claim is released");
  }

  @Test
  void aHeartbeatStopsGoalsTakenOverElsewhereAndCancelsThoseAskedToAndReapsDeadInstances()
      throws Exception {
    goal("g1", "alice");
    goal("g2", "alice");
    scheduler.pump();
    gated.nextStarted();
    gated.nextStarted();
    claims.held("g1", "node-b", 2, now.get() + LEASE); // node-b took g1 over
    claims.requestCancel("g2");
    now.addAndGet(10_000);

    scheduler.heartbeat();

    GoalExecution e1 = gated.executions.get("g1");
    GoalExecution e2 = gated.executions.get("g2");
    assertTrue(e1.leaseLost(), "g1 stops here without writing");
    assertFalse(e2.leaseLost());
    assertTrue(e2.cancelRequested(), "the cancel asked elsewhere arrived");
    assertEquals(now.get() + LEASE, claims.leases.get("g2"), "the lease still held was renewed");
    assertTrue(log.contains("beat node-a " + now.get()), log.toString());
    assertTrue(log.contains("reap before " + (now.get() - LEASE)), log.toString());
    assertTrue(
        log.contains("forget before " + (now.get() - InstanceRegistry.FORGET_AFTER_MILLIS)),
        log.toString());
    e1.done().get(5, TimeUnit.SECONDS);
    awaitTrue(() -> scheduler.active() == 0, "both ended");
    assertEquals("node-b", store.instances.get("g1"), "a lost goal is not released");
  }

  @Test
  void aGoalClaimedWithItsCancelAskedStartsCancelled() throws Exception {
    goal("g1", "alice");
    claims.requestCancel("g1");
    scheduler.pump();
    assertEquals("g1", gated.nextStarted());
    assertTrue(gated.executions.get("g1").cancelRequested());
  }

  @Test
  void aCancelStopsAGoalRunningHereCancelsAnUnclaimedOneAndAsksTheInstanceHoldingIt()
      throws Exception {
    settings = AgentFakes.settings(1, 10);
    scheduler = scheduler(gated);
    goal("here", "alice");
    scheduler.pump();
    assertEquals("here", gated.nextStarted());
    goal("queued", "alice");
    GoalEntity elsewhere = goal("elsewhere", "alice");
    elsewhere.moveTo(GoalStatus.RUNNING, 2L);
    claims.held("elsewhere", "node-b", 1, now.get() + LEASE);
    GoalEntity done = goal("done", "alice");
    done.moveTo(GoalStatus.CANCELLED, 2L);

    assertEquals(CancelOutcome.CANCELLED, scheduler.cancel("queued", 0));
    assertEquals(GoalStatus.CANCELLED, store.find("queued").orElseThrow().status());
    assertTrue(events.published.contains("status queued cancelled"));

    assertEquals(CancelOutcome.STOPPING, scheduler.cancel("elsewhere", 0));
    assertTrue(claims.cancel.contains("elsewhere"), "asked through the database");
    assertEquals(GoalStatus.RUNNING, elsewhere.status(), "the instance holding it ends it");

    assertEquals(CancelOutcome.FINISHED, scheduler.cancel("done", 0));
    assertEquals(CancelOutcome.UNKNOWN, scheduler.cancel("nope", 0));

    assertFalse(scheduler.cancelLocal("elsewhere"));
    assertEquals(CancelOutcome.STOPPING, scheduler.cancel("here", 1_000));
    assertTrue(gated.executions.get("here").cancelRequested());
    assertFalse(claims.cancel.contains("here"), "a goal running here is cancelled here");
  }

  @Test
  void aQueuedGoalClaimedElsewhereIsAskedToCancelNotCancelledUnderItsHolder() {
    goal("g1", "alice");
    claims.held("g1", "node-b", 1, now.get() + LEASE);
    assertEquals(CancelOutcome.STOPPING, scheduler.cancel("g1", 0));
    assertEquals(GoalStatus.QUEUED, store.find("g1").orElseThrow().status());
    assertTrue(claims.cancel.contains("g1"));
  }

  @Test
  void cancelLocalCancelsOnlyAGoalRunningHere() throws Exception {
    goal("g1", "alice");
    scheduler.pump();
    gated.nextStarted();
    assertTrue(scheduler.cancelLocal("g1"));
    assertTrue(gated.executions.get("g1").cancelRequested());
    assertFalse(scheduler.cancelLocal("g2"));
  }

  @Test
  void aStopHandsTheRunningGoalsOverAndClaimsNothingMore() throws Exception {
    goal("g1", "alice");
    scheduler.pump();
    gated.nextStarted();
    goal("g2", "alice");

    scheduler.stop();

    assertTrue(gated.executions.get("g1").leaseLost(), "stopped without writing");
    assertEquals(List.of("g1"), claims.handedOver, "released for another instance to take over");
    assertNull(store.instances.get("g1"));
    scheduler.pump();
    assertNull(store.instances.get("g2"), "a stopped instance claims nothing");
  }

  @Test
  void aStartGivesUpWhatAPreviousProcessOfTheSameNameHeldThenClaims() throws Exception {
    goal("g1", "alice");
    claims.held("g1", "node-a", 3, now.get() + LEASE); // left by the previous node-a
    scheduler.start();
    assertEquals("g1", gated.nextStarted(), "taken over at once, not when the lease runs out");
    assertEquals(4, gated.executions.get("g1").fence());
    assertEquals(
        List.of("streams of instance node-a", "releaseAll node-a", "beat node-a " + now.get()),
        log.subList(0, 3));
  }

  @Test
  void theSchedulerDelegatesToTheClusterPolicyInClusterMode() throws Exception {
    GoalScheduler s = new GoalScheduler();
    s.runner = gated;
    s.store = store;
    s.events = events;
    s.settings = settings;
    s.executor = AgentFakes.managed(pool);
    s.cluster = CLUSTER;
    s.claims = claims;
    s.streams = new ClusterFakes.RecordingReaper(log);
    s.instances = new ClusterFakes.RecordingInstances(log);
    try (GoalScheduler.Slot slot = s.reserve("alice")) {
      goal("g1", "alice");
      slot.submit("g1");
    }
    assertEquals("g1", gated.nextStarted());
    assertEquals("node-a", store.instances.get("g1"), "claimed through the database");
    assertEquals(1, s.active());
    assertEquals(1, s.queued(), "a claimed goal counts as queued until its runner starts it");
    assertFalse(s.cancelLocal("runs-elsewhere"));
    s.stop();
    assertEquals(List.of("g1"), claims.handedOver);
  }

  private static void awaitFinal(GoalEntity g) {
    awaitTrue(() -> g.status().isFinal(), "goal " + g.getId() + " ended");
  }

  /** Polls (with a deadline) for an effect of another thread that has no latch to wait on. */
  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
