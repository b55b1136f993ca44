package io.ponybunny.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimRecorderTest {

  private final SimRecorder recorder =
      new SimRecorder(3, Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  void countsBytesAndClientClose() {
    SimRecorder.Handle h = recorder.start("a", List.of("X-Api-Key", "Accept"));
    assertEquals(1, h.count());
    h.bytesWritten(10);
    h.bytesWritten(5);
    h.clientClosed();
    h.finished();
    Map<String, Object> s = recorder.snapshot("a");
    assertEquals(1L, s.get("count"));
    assertEquals(15L, s.get("bytesSent"));
    assertEquals(true, s.get("clientClosed"));
    assertEquals("2025-01-01T00:00:00Z", s.get("clientClosedAt"));
    assertEquals("2025-01-01T00:00:00Z", s.get("lastFinishedAt"));
    assertEquals(List.of("accept", "x-api-key"), s.get("lastHeaders"));
    assertEquals(2, recorder.start("a", List.of()).count());
    assertEquals(0L, recorder.snapshot("a").get("bytesSent"), "bytesSent is per latest request");
    assertEquals(15L, recorder.snapshot("a").get("totalBytesSent"));
  }

  @Test
  void unknownIdIsEmptyAndNotCreated() {
    Map<String, Object> s = recorder.snapshot("nobody");
    assertEquals(0L, s.get("count"));
    assertNull(s.get("lastStartedAt"));
    assertEquals(0, recorder.size());
  }

  @Test
  void boundedAsLru() {
    recorder.start("a", List.of());
    recorder.start("b", List.of());
    recorder.start("c", List.of());
    recorder.snapshot("a");
    recorder.start("d", List.of());
    assertEquals(3, recorder.size());
    assertEquals(0L, recorder.snapshot("b").get("count"), "least recently used id evicted");
    assertEquals(1L, recorder.snapshot("a").get("count"));
    recorder.clear();
    assertEquals(0, recorder.size());
  }
}
