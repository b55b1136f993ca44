package io.ponybunny.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GoalQueueTest {

  private int capacity = 3;
  private final GoalQueue queue = new GoalQueue(() -> capacity, () -> 30);

  @Test
  void reservedPlacesCountAgainstTheCapAndAFullQueueRefusesWithRetryAfter() {
    queue.reserve();
    queue.addReserved("g1");
    queue.reserve();
    queue.addReserved("g2");
    queue.reserve(); // a goal being stored
    QueueFullException e = assertThrows(QueueFullException.class, queue::reserve);
    assertEquals(3, e.capacity());
    assertEquals(30, e.retryAfterSeconds());
    assertTrue(e.getMessage().contains("3 goals waiting"), e.getMessage());
    assertEquals(2, queue.size());
    assertEquals(1, queue.reserved());

    queue.release(); // the goal could not be stored: its place is free again
    queue.reserve();
    queue.addReserved("g3");
    assertThrows(QueueFullException.class, queue::reserve);

    assertEquals("g1", queue.poll(id -> true), "oldest first");
    queue.reserve(); // a started goal no longer waits
    assertEquals(1, queue.reserved());
  }

  @Test
  void goalsStoredBeforeAStartAreRestoredBeyondTheCapWithoutDuplicates() {
    capacity = 1;
    queue.restore("a");
    queue.restore("b");
    queue.restore("a");
    assertEquals(2, queue.size());
    assertThrows(QueueFullException.class, queue::reserve, "still full until they drain");
    assertEquals("a", queue.poll(id -> true));
    assertEquals("b", queue.poll(id -> true));
    queue.reserve();
  }

  @Test
  void pollSkipsGoalsThatCannotStartYet() {
    queue.restore("busy");
    queue.restore("free");
    assertEquals("free", queue.poll(id -> !id.equals("busy")));
    assertNull(queue.poll(id -> !id.equals("busy")));
    assertEquals("busy", queue.poll(id -> true));
    assertTrue(queue.isEmpty());
  }

  @Test
  void aCapBelowOneStillAdmitsOneAndReleasingNothingIsABug() {
    capacity = 0;
    queue.reserve();
    assertThrows(QueueFullException.class, queue::reserve);
    queue.release();
    assertThrows(IllegalStateException.class, queue::release);
  }
}
