package io.ponybunny.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ponybunny.client.StreamAttempt;
import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a cluster mirror folds is what the publishing instance wrote, field for field. */
class RelayedEventsTest {

  @Test
  void everyStreamEventReadsBackAsItWasWritten() {
    List<ChannelEvent> events =
        List.of(
            new StreamEvent.Start("r1", "g1", "w1", "run1", "m", "openai", "alice", "node-a", 10L),
            new StreamEvent.Start("r2", null, null, null, "m", null, null, null, 11L),
            new StreamEvent.Start(
                "r4", null, null, null, "m", "sim", "bob", "anthropic", "key_1", null, 12L),
            new StreamEvent.Chunk("r1", "g1", "line\n\"quoted\" \u00e9 <b>", 3, 12L),
            new StreamEvent.End("r1", "g1", 4, 30, "stop", 10, 20, 5L, 99L, 13L),
            new StreamEvent.End("r2", null, 0, 0, "cancelled", null, null, null, 1L, 14L),
            new StreamEvent.End(
                "r4",
                "g1",
                2,
                2100,
                "stop",
                2000,
                100,
                5L,
                99L,
                13L,
                1500,
                new BigDecimal("0.000247500")),
            new StreamEvent.Error("r3", "g1", "upstream said no", 15L),
            new StreamEvent.Error(
                "r5", null, "cut", 15L, 2000, 100, 1500, new BigDecimal("0.000247500")),
            new StreamEvent.Error(
                "r6",
                null,
                "sim 429 rate_limited: no",
                15L,
                null,
                null,
                null,
                null,
                "rate_limited"),
            new StreamEvent.Start(
                "r7",
                null,
                null,
                null,
                "m",
                "b",
                "bob",
                null,
                null,
                null,
                12L,
                List.of(
                    new StreamAttempt("a", 3L, 429, "rate_limited", 2000L, 2000L),
                    new StreamAttempt("a", 2010L, null, "connection_error", null, null)),
                null),
            new TruncationMarker("r1", "g1", 7, 1000, 16L));
    for (ChannelEvent e : events) {
      assertEquals(e, RelayedEvents.decode(e.eventName(), StreamFrames.data(e)), e.toString());
    }
  }

  @Test
  void agentEventsAndBrokenDataKeepNoStreamState() {
    assertNull(RelayedEvents.decode("goal.status", "{\"goalId\":\"g1\"}"));
    assertNull(RelayedEvents.decode("llm.stream.chunk", "not json"));
    assertNull(RelayedEvents.decode("llm.stream.chunk", "{\"index\":1}"));
  }

  @Test
  void aTruncatedEndReadsBackAsTheEndItWraps() {
    StreamEvent.End end = new StreamEvent.End("r1", "g1", 4, 30, "stop", null, null, null, 9L, 13L);
    assertEquals(
        end, RelayedEvents.decode("llm.stream.end", StreamFrames.data(new TruncatedEnd(end))));
  }
}
