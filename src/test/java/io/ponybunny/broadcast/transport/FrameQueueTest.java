package io.ponybunny.broadcast.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrameQueueTest {

  private final FrameQueue queue = new FrameQueue(10, BroadcastMetrics.NOOP);

  @Test
  void liveFramesQueueUpToTheBoundAndOneOverItIsRefusedForGood() {
    queue.add("abcd");
    queue.add("efgh");
    assertEquals(8, queue.chars());
    assertEquals(2, queue.room());
    queue.add("ij");
    assertFalse(queue.overflowed(), "exactly at the bound");
    queue.add("k");
    assertTrue(queue.overflowed());
    assertEquals(10, queue.chars(), "the frame over the bound is not queued");
    assertEquals(0, queue.room());
    queue.poll();
    queue.add("l");
    assertEquals(2, queue.size(), "an overflowed queue takes nothing more");
  }

  @Test
  void replayedFramesComeFirstAndCountOutsideTheBound() {
    for (int i = 0; i < 5; i++) {
      queue.addReplayed("replayed" + i);
    }
    queue.add("live");
    assertEquals(4, queue.chars());
    assertTrue(queue.replaying());
    for (int i = 0; i < 5; i++) {
      assertEquals("replayed" + i, queue.poll());
      assertEquals(4, queue.chars(), "polling a replayed frame leaves the count alone");
    }
    assertFalse(queue.replaying());
    assertEquals("live", queue.poll());
    assertEquals(0, queue.chars());
    assertTrue(queue.isEmpty());
  }

  @Test
  void theSnapshotGoesBeforeTheLiveFramesAndCountsInsideTheBound() {
    queue.add("live");
    queue.putSnapshotFirst("snap");
    assertTrue(queue.snapshotFirst());
    assertEquals(8, queue.chars());
    assertEquals("snap", queue.poll());
    assertFalse(queue.snapshotFirst(), "only the head is a snapshot");
    assertEquals("live", queue.poll());
  }

  @Test
  void aSnapshotOverTheBoundOverflowsTheQueue() {
    queue.add("live-frame");
    queue.putSnapshotFirst("x");
    assertTrue(queue.overflowed());
  }

  @Test
  void clearDropsEverything() {
    queue.addReplayed("replayed");
    queue.putSnapshotFirst("snap");
    queue.add("live");
    queue.clear();
    assertTrue(queue.isEmpty());
    assertEquals(0, queue.chars());
    assertFalse(queue.replaying());
    assertFalse(queue.snapshotFirst());
    assertEquals(10, queue.room());
  }
}
