package io.ponybunny.web.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ponybunny.broadcast.StreamPosition;
import io.ponybunny.web.websocket.ResumeQuery;
import org.junit.jupiter.api.Test;

class SseResumeTest {

  @Test
  void theLastEventIdNamesEpochAndSeq() {
    assertEquals(
        new StreamPosition("3f2c.1", 42), SseResume.parse("3f2c.1:42", null, null).position());
  }

  @Test
  void aBareSeqTakesTheQuerysEpochAndNeedsOne() {
    assertEquals(new StreamPosition("e.1", 9), SseResume.parse("9", "e.1", null).position());
    ResumeQuery none = SseResume.parse("9", null, null);
    assertNull(none.position());
    assertEquals("Last-Event-ID without an epoch: send <epoch>:<seq>", none.refusal());
  }

  @Test
  void withoutTheHeaderTheQueryResumesAsOnTheSocket() {
    assertEquals(new StreamPosition("e.1", 3), SseResume.parse(null, "e.1", "3").position());
    assertEquals(new StreamPosition("e.1", 3), SseResume.parse(" ", "e.1", "3").position());
    ResumeQuery first = SseResume.parse(null, null, null);
    assertNull(first.position());
    assertNull(first.refusal(), "a first connection");
    assertEquals("resume needs both epoch and since", SseResume.parse(null, "e.1", null).refusal());
  }

  @Test
  void theHeaderIsNewerThanTheQuery() {
    assertEquals(new StreamPosition("e.1", 80), SseResume.parse("e.1:80", "e.1", "3").position());
  }

  @Test
  void aMalformedIdIsRefusedWithTheSocketsReasons() {
    assertEquals(
        "invalid since: a non-negative integer", SseResume.parse("e.1:x", null, null).refusal());
    assertEquals("invalid epoch", SseResume.parse("a b:3", null, null).refusal());
    assertEquals("invalid epoch", SseResume.parse(":3", null, null).refusal());
  }
}
