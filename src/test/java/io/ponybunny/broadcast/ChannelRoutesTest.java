package io.ponybunny.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.ponybunny.event.StreamEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelRoutesTest {

  private static final long T = 1_000;
  private final ChannelRoutes routes = new ChannelRoutes();

  @Test
  void anOwnedStreamGoesToItsGoalItsOwnerAndAllStreamsUntilItsEnd() {
    List<String> all = List.of("goal:g", "owner:alice", "streams");
    assertEquals(
        all,
        routes.of(new StreamEvent.Start("r1", "g", null, null, "sim/x", "sim", "alice", null, T)));
    assertEquals(all, routes.of(new StreamEvent.Chunk("r1", "g", "a", 0, T + 1)));
    assertEquals(
        all, routes.of(new StreamEvent.End("r1", "g", 1, 1, "stop", null, null, null, 2, T + 2)));
    assertEquals(
        List.of("goal:g", "streams"),
        routes.of(new StreamEvent.Chunk("r1", "g", "late", 1, T + 3)),
        "the owner is forgotten after the terminal event");
  }

  @Test
  void aStreamWithoutOwnerOrGoalGoesToAllStreamsOnly() {
    routes.goalOwners(goal -> "carol");
    assertEquals(
        List.of("streams"),
        routes.of(new StreamEvent.Start("r2", null, null, null, "sim/x", "sim", null, null, T)));
    assertEquals(
        List.of("goal:g", "streams"),
        routes.of(new StreamEvent.Error("r3", "g", "boom", T)),
        "a stream's owner comes from its start, never from its goal");
  }

  @Test
  void anAgentEventGoesToItsGoalsOwner() {
    TestGoalEvent event = new TestGoalEvent("g", "running");
    assertEquals(List.of("goal:g", "streams"), routes.of(event), "no owners known");
    routes.goalOwners(goal -> "g".equals(goal) ? "alice" : null);
    assertEquals(List.of("goal:g", "owner:alice", "streams"), routes.of(event));
    assertEquals(List.of("goal:h", "streams"), routes.of(new TestGoalEvent("h", "running")));
  }

  /**
   * In a cluster, the error that ends a stream whose instance died is published by another
   * instance, which never saw its start: its owner's channel gets it through the stream's record.
   */
  @Test
  void theEndOfAStreamStartedElsewhereFindsItsOwnerInTheRecord() {
    routes.recordedStreamOwners(requestId -> "r9".equals(requestId) ? "alice" : null);
    assertEquals(
        List.of("goal:g", "owner:alice", "streams"),
        routes.of(new StreamEvent.Error("r9", "g", "instance lost", T)));
    assertEquals(
        List.of("goal:g", "streams"),
        routes.of(new StreamEvent.Chunk("r9", "g", "x", 3, T)),
        "only a terminal event is looked up");
  }

  @Test
  void aStreamsChunksReuseTheRoutesItsStartMadeAndItsEndNeedsNoRecord() {
    routes.recordedStreamOwners(
        requestId -> {
          throw new AssertionError("looked up the record of a stream started here: " + requestId);
        });
    List<String> started =
        routes.of(new StreamEvent.Start("r4", "g", null, null, "sim/x", "sim", null, null, T));
    assertEquals(List.of("goal:g", "streams"), started);
    for (int i = 0; i < 3; i++) {
      assertSame(started, routes.of(new StreamEvent.Chunk("r4", "g", "a", i, T + i)));
    }
    assertSame(started, routes.of(new StreamEvent.Error("r4", "g", "boom", T + 5)));
  }
}
