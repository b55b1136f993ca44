package io.ponybunny.broadcast.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import org.junit.jupiter.api.Test;

class BatcherTest {

  private final FrameQueue queue = new FrameQueue(1L << 30, BroadcastMetrics.NOOP);

  private static String frame(int seq) {
    return "{\"type\":\"event\",\"event\":\"x\",\"epoch\":\"e\",\"seq\":" + seq + ",\"data\":{}}";
  }

  @Test
  void aLoneFrameGoesAsItIs() {
    queue.add(frame(1));
    Batcher.Send send = Batcher.take(queue);
    assertEquals(Batcher.Kind.SINGLE, send.kind());
    assertEquals(frame(1), send.frame());
    assertTrue(queue.isEmpty());
  }

  @Test
  void framesThatPiledUpGoAsOneBatchInOrder() {
    for (int i = 1; i <= 3; i++) {
      queue.add(frame(i));
    }
    Batcher.Send send = Batcher.take(queue);
    assertEquals(Batcher.Kind.BATCH, send.kind());
    JsonArray events = FakeSession.json(send.frame()).getJsonArray("events");
    assertEquals(3, events.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(i + 1, events.getJsonObject(i).getInt("seq"));
    }
    assertTrue(queue.isEmpty());
  }

  @Test
  void theSnapshotGoesAlone() {
    queue.add(frame(1));
    queue.add(frame(2));
    queue.putSnapshotFirst("{\"type\":\"snapshot\"}");
    Batcher.Send send = Batcher.take(queue);
    assertEquals(Batcher.Kind.SNAPSHOT, send.kind());
    assertEquals("{\"type\":\"snapshot\"}", send.frame());
    assertEquals(2, queue.size());
    assertEquals(Batcher.Kind.BATCH, Batcher.take(queue).kind());
  }

  @Test
  void aBatchHoldsAtMostTheFrameLimit() {
    for (int i = 1; i <= Batcher.MAX_FRAMES + 2; i++) {
      queue.add(frame(i));
    }
    assertFalse(Batcher.partial(queue), "a full batch waits for nothing");
    Batcher.Send first = Batcher.take(queue);
    assertEquals(Batcher.MAX_FRAMES, FakeSession.json(first.frame()).getJsonArray("events").size());
    assertEquals(2, queue.size());
  }

  @Test
  void aBatchStopsOnceItPassesTheCharacterLimit() {
    String big = "x".repeat(Batcher.MAX_CHARS / 2);
    for (int i = 0; i < 4; i++) {
      queue.add("\"" + big + "\"");
    }
    Batcher.Send send = Batcher.take(queue);
    assertEquals(2, FakeSession.json(send.frame()).getJsonArray("events").size());
    assertEquals(2, queue.size(), "two frames pass the limit: the others wait");
  }

  @Test
  void aPartialBatchIsSeveralLiveFramesBelowTheLimits() {
    queue.add(frame(1));
    assertFalse(Batcher.partial(queue), "one frame is no batch");
    queue.add(frame(2));
    assertTrue(Batcher.partial(queue));
    FrameQueue replaying = new FrameQueue(1L << 30, BroadcastMetrics.NOOP);
    replaying.addReplayed(frame(1));
    replaying.add(frame(2));
    assertFalse(Batcher.partial(replaying), "a replay goes at once");
  }
}
