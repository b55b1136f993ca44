package io.ponybunny.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GoalQueueTest {

  private static final String A = "alice";
  private static final String B = "bob";

  private int capacity = 3;
  private int perPrincipal = 3;
  private final GoalQueue queue = new GoalQueue(() -> capacity, () -> perPrincipal, () -> 30);

  @Test
  void reservedPlacesCountAgainstTheCapAndAFullQueueRefusesWithRetryAfter() {
    queue.reserve(A);
    queue.addReserved("g1", A);
    queue.reserve(B);
    queue.addReserved("g2", B);
    queue.reserve(A); // a goal being stored
    QueueFullException e = assertThrows(QueueFullException.class, () -> queue.reserve(B));
    assertEquals(3, e.capacity());
    assertEquals(30, e.retryAfterSeconds());
    assertFalse(e.perPrincipal(), "the server's cap");
    assertTrue(e.getMessage().contains("3 goals waiting"), e.getMessage());
    assertEquals(2, queue.size());
    assertEquals(1, queue.reserved());

    queue.release(A); // the goal could not be stored: its place is free again
    queue.reserve(A);
    queue.addReserved("g3", A);
    assertThrows(QueueFullException.class, () -> queue.reserve(B));

    assertEquals(new GoalQueue.Waiting("g1", A), queue.poll(id -> true), "oldest first");
    queue.reserve(B); // a started goal no longer waits
    assertEquals(1, queue.reserved());
  }

  @Test
  void oneOwnersGoalsFillOnlyItsShareAndOthersStillGetIn() {
    capacity = 10;
    perPrincipal = 2;
    queue.reserve(A);
    queue.addReserved("a1", A);
    queue.reserve(A); // being stored
    QueueFullException e = assertThrows(QueueFullException.class, () -> queue.reserve(A));
    assertTrue(e.perPrincipal(), "alice's own cap");
    assertEquals(2, e.capacity());
    assertTrue(e.getMessage().contains("owner already has 2 goals waiting"), e.getMessage());
    queue.reserve(B);
    queue.addReserved("b1", B);
    assertEquals(2, queue.of(A));
    assertEquals(1, queue.of(B));

    queue.release(A);
    queue.reserve(A);
    queue.addReserved("a2", A);
    assertEquals(new GoalQueue.Waiting("a1", A), queue.poll(id -> true));
    assertEquals(1, queue.of(A), "a started goal no longer counts");
    assertTrue(queue.remove("a2"), "cancelled while waiting");
    assertEquals(0, queue.of(A));
    queue.reserve(A);
    queue.reserve(A);
    assertThrows(QueueFullException.class, () -> queue.reserve(A));
  }

  @Test
  void aGoalPushedBackCountsForItsOwnerAgain() {
    perPrincipal = 1;
    queue.restore("a1", A);
    GoalQueue.Waiting next = queue.poll(id -> true);
    assertEquals(0, queue.of(A));
    queue.pushBack(next.goalId(), next.owner());
    assertEquals(1, queue.of(A));
    assertThrows(QueueFullException.class, () -> queue.reserve(A));
  }

  @Test
  void goalsStoredBeforeAStartAreRestoredBeyondTheCapsWithoutDuplicates() {
    capacity = 1;
    perPrincipal = 1;
    queue.restore("a", A);
    queue.restore("b", A);
    queue.restore("a", A);
    queue.restore("old", null); // from before ownership
    assertEquals(3, queue.size());
    assertEquals(2, queue.of(A));
    assertThrows(QueueFullException.class, () -> queue.reserve(B), "still full until they drain");
    assertEquals(new GoalQueue.Waiting("a", A), queue.poll(id -> true));
    assertEquals(new GoalQueue.Waiting("b", A), queue.poll(id -> true));
    assertEquals(new GoalQueue.Waiting("old", null), queue.poll(id -> true));
    queue.reserve(A);
  }

  @Test
  void pollSkipsGoalsThatCannotStartYet() {
    queue.restore("busy", A);
    queue.restore("free", B);
    assertEquals("free", queue.poll(id -> !id.equals("busy")).goalId());
    assertNull(queue.poll(id -> !id.equals("busy")));
    assertEquals("busy", queue.poll(id -> true).goalId());
    assertTrue(queue.isEmpty());
  }

  @Test
  void capsBelowOneStillAdmitOneAndReleasingNothingIsABug() {
    capacity = 0;
    perPrincipal = 0;
    queue.reserve(A);
    assertThrows(QueueFullException.class, () -> queue.reserve(B));
    queue.release(A);
    assertThrows(IllegalStateException.class, () -> queue.release(A));
  }
}
