package io.ponybunny.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.event.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayBufferTest {

  @ParameterizedTest(name = "capacity {0}, {1} events")
  @CsvSource({"1,5", "5,3", "5,12", "16,16", "16,40", "17,17", "17,50", "100,7", "100,333"})
  void holdsTheLastCapacityEventsInOrderAndGrowsOnlyAsNeeded(int capacity, int events) {
    ReplayBuffer buffer = new ReplayBuffer(capacity, 60_000);
    assertTrue(buffer.slots() <= ReplayBuffer.INITIAL_SLOTS, "starts small");
    for (int seq = 1; seq <= events; seq++) {
      buffer.add(seq, 1_000, "f" + seq);
      assertTrue(buffer.slots() <= capacity, "never beyond the capacity");
    }
    int held = Math.min(capacity, events);
    assertEquals(held, buffer.size());
    long oldest = events - held + 1;
    for (long since = 0; since <= events; since++) {
      List<String> got = buffer.since(since, events, 1_000);
      if (since + 1 < oldest) {
        assertNull(got, "evicted since " + since);
      } else {
        List<String> want = new ArrayList<>();
        for (long s = since + 1; s <= events; s++) {
          want.add("f" + s);
        }
        assertEquals(want, got, "since " + since);
      }
    }
  }

  @Test
  void anIdleChannelKeepsOnlyTheInitialSlots() {
    ReplayBuffer buffer = new ReplayBuffer(10_000, 60_000);
    for (int seq = 1; seq <= 3; seq++) {
      buffer.add(seq, 0, "f" + seq);
    }
    assertEquals(ReplayBuffer.INITIAL_SLOTS, buffer.slots());
  }

  @Test
  void framesOlderThanTheAgeAreNotReplayedAfterTheRingWrapped() {
    ReplayBuffer buffer = new ReplayBuffer(20, 100);
    for (int seq = 1; seq <= 30; seq++) {
      buffer.add(seq, seq <= 25 ? 0 : 500, "f" + seq);
    }
    // At 550 the frames stamped 0 are older than 100 ms: 26..30 remain.
    assertNull(buffer.since(20, 30, 550));
    assertEquals(List.of("f27", "f28", "f29", "f30"), buffer.since(26, 30, 550));
    assertEquals(5, buffer.size());
  }

  @Test
  void anEventKeptAsItsNameAndDataIsReplayedAsTheFrameTheSubscribersGot() {
    ReplayBuffer ring = new ReplayBuffer(10, new ReplayBudget(0, 60_000), "E.1");
    ring.add(1, 1, "llm.stream.chunk", "{\"text\":\"a\"}");
    ring.add(2, 2, "{\"type\":\"event\",\"relayed\":true}");
    assertEquals(
        List.of(
            StreamFrames.event("llm.stream.chunk", "E.1", 1, "{\"text\":\"a\"}"),
            "{\"type\":\"event\",\"relayed\":true}"),
        ring.since(0, 2, 3));
  }

  @Test
  void aChunkKeptAsTheEventIsReplayedAsTheFrameItsDataMakes() {
    ReplayBudget budget = new ReplayBudget(0, 60_000);
    ReplayBuffer ring = new ReplayBuffer(10, budget, "E.1");
    StreamEvent.Chunk chunk = new StreamEvent.Chunk("r1", "g", "h\"i", 3, 1_733_000_000_000L);
    ring.add(1, 1, "llm.stream.start", "{\"requestId\":\"r1\"}");
    ring.add(2, 2, "llm.stream.chunk", chunk);
    assertEquals(
        List.of(
            StreamFrames.event("llm.stream.start", "E.1", 1, "{\"requestId\":\"r1\"}"),
            StreamFrames.event("llm.stream.chunk", "E.1", 2, StreamFrames.data(chunk))),
        ring.since(0, 2, 3));
    assertEquals(
        ReplayBudget.cost("{\"requestId\":\"r1\"}") + 3 + ReplayBudget.CHUNK_OVERHEAD,
        budget.bytes(),
        "a chunk costs its text and the event around it");
    ring.clear();
    assertEquals(0, budget.bytes());
  }
}
