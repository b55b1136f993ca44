package io.ponybunny.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.RunEntity;
import io.ponybunny.agent.persistence.WorkItemEntity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StateMachineTest {

  @Test
  void goalFollowsQueuedRunningFinal() {
    assertTrue(GoalStatus.QUEUED.canTransitionTo(GoalStatus.RUNNING));
    assertTrue(GoalStatus.QUEUED.canTransitionTo(GoalStatus.CANCELLED));
    assertTrue(GoalStatus.RUNNING.canTransitionTo(GoalStatus.SUCCEEDED));
    assertTrue(GoalStatus.RUNNING.canTransitionTo(GoalStatus.FAILED));
    assertTrue(GoalStatus.RUNNING.canTransitionTo(GoalStatus.CANCELLED));
    assertFalse(GoalStatus.QUEUED.canTransitionTo(GoalStatus.SUCCEEDED));
    assertFalse(GoalStatus.RUNNING.canTransitionTo(GoalStatus.QUEUED));
    assertFalse(GoalStatus.RUNNING.canTransitionTo(GoalStatus.RUNNING));
  }

  @ParameterizedTest
  @EnumSource(
      value = GoalStatus.class,
      names = {"SUCCEEDED", "FAILED", "CANCELLED"})
  void finalGoalStatesNeverChange(GoalStatus done) {
    assertTrue(done.isFinal());
    for (GoalStatus next : GoalStatus.values()) {
      assertFalse(done.canTransitionTo(next), done + " -> " + next);
      IllegalTransitionException e =
          assertThrows(IllegalTransitionException.class, () -> done.transitionTo(next));
      assertTrue(e.getMessage().contains(done.wireName()), e.getMessage());
    }
  }

  @Test
  void wireNamesRoundTripAndUnknownIsRefused() {
    for (GoalStatus s : GoalStatus.values()) {
      assertEquals(s, GoalStatus.fromWireName(s.wireName()));
    }
    assertThrows(IllegalArgumentException.class, () -> GoalStatus.fromWireName("done"));
  }

  @Test
  void goalEntityStampsTimesAndRefusesInvalidMoves() {
    GoalEntity g =
        new GoalEntity("g1", "t", "d", null, null, null, Budget.DEFAULT, null, 1_000L, "alice");
    assertEquals(GoalStatus.QUEUED, g.status());
    assertThrows(IllegalTransitionException.class, () -> g.moveTo(GoalStatus.SUCCEEDED, 2_000L));
    assertEquals(GoalStatus.QUEUED, g.status(), "a refused move changes nothing");
    g.moveTo(GoalStatus.RUNNING, 2_000L);
    assertEquals(2_000L, g.getStartedAt());
    assertNull(g.getFinishedAt());
    g.moveTo(GoalStatus.SUCCEEDED, 3_000L);
    assertEquals(3_000L, g.getFinishedAt());
    assertThrows(IllegalTransitionException.class, () -> g.moveTo(GoalStatus.RUNNING, 4_000L));
  }

  @Test
  void workItemsAndRuns() {
    WorkItemEntity w = new WorkItemEntity("w2", "g1", "compute", 1, List.of("w1"));
    assertEquals(List.of("w1"), w.dependsOn());
    assertEquals(WorkItemStatus.PENDING, w.status());
    assertThrows(IllegalTransitionException.class, () -> w.moveTo(WorkItemStatus.SUCCEEDED));
    w.moveTo(WorkItemStatus.RUNNING);
    assertThrows(IllegalTransitionException.class, () -> w.moveTo(WorkItemStatus.SKIPPED));
    w.moveTo(WorkItemStatus.SUCCEEDED);
    assertTrue(w.status().isFinal());
    assertTrue(WorkItemStatus.PENDING.canTransitionTo(WorkItemStatus.SKIPPED));

    RunEntity r = new RunEntity("r1", "w2", "g1", 1, 10L);
    r.moveTo(RunStatus.CANCELLED, 20L);
    assertNotNull(r.getFinishedAt());
    assertThrows(IllegalTransitionException.class, () -> r.moveTo(RunStatus.SUCCEEDED, 30L));
  }

  @Test
  void onlyAFailedGoalCanBeRetriedAndARetryClearsItsEnd() {
    assertTrue(GoalStatus.FAILED.canRetry());
    for (GoalStatus s :
        List.of(
            GoalStatus.QUEUED, GoalStatus.RUNNING, GoalStatus.SUCCEEDED, GoalStatus.CANCELLED)) {
      assertFalse(s.canRetry(), s.wireName());
      assertThrows(IllegalTransitionException.class, s::retry);
    }
    GoalEntity g =
        new GoalEntity("g1", "t", "d", null, null, null, Budget.DEFAULT, null, 1_000L, "alice");
    assertThrows(IllegalTransitionException.class, g::requeue, "a queued goal");
    g.moveTo(GoalStatus.RUNNING, 2_000L);
    g.addTokens(40);
    g.moveTo(GoalStatus.FAILED, 3_000L);
    g.setError("interrupted");
    g.requeue();
    assertEquals(GoalStatus.QUEUED, g.status());
    assertNull(g.getError());
    assertNull(g.getFinishedAt());
    assertEquals(40, g.getTokensUsed(), "tokens already used still count");
    g.moveTo(GoalStatus.RUNNING, 4_000L);
    assertEquals(4_000L, g.getStartedAt());
  }

  @Test
  void aRetryResetsFailedAndSkippedItemsAndKeepsSucceededOnes() {
    WorkItemEntity done = new WorkItemEntity("w1", "g1", "a", 0, List.of());
    done.moveTo(WorkItemStatus.RUNNING);
    done.moveTo(WorkItemStatus.SUCCEEDED);
    done.setResult("42");
    WorkItemEntity failed = new WorkItemEntity("w2", "g1", "b", 1, List.of("w1"));
    failed.moveTo(WorkItemStatus.RUNNING);
    failed.moveTo(WorkItemStatus.FAILED);
    WorkItemEntity skipped = new WorkItemEntity("w3", "g1", "c", 2, List.of("w2"));
    skipped.moveTo(WorkItemStatus.SKIPPED);
    assertFalse(done.resetForRetry());
    assertEquals("42", done.getResult());
    assertTrue(failed.resetForRetry());
    assertTrue(skipped.resetForRetry());
    assertEquals(WorkItemStatus.PENDING, failed.status());
    assertEquals(WorkItemStatus.PENDING, skipped.status());
    assertFalse(WorkItemStatus.CANCELLED.resetOnRetry());
    assertFalse(WorkItemStatus.PENDING.resetOnRetry());
  }
}
