package io.ponybunny.web.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SseHeartbeatsTest {

  private final long[] now = {5_000_000_000L};

  @Test
  void idleResponsesArePingedStalledOnesClosedAndClosedOnesForgotten() {
    SseHeartbeats heartbeats = new SseHeartbeats(1_000);
    FakeSse idle = new FakeSse();
    FakeSse stalled = new FakeSse();
    SseOutput idleOut = new SseOutput(idle.sink, idle.sse, () -> now[0]);
    SseOutput stalledOut = new SseOutput(stalled.sink, stalled.sse, () -> now[0]);
    heartbeats.watch(idleOut);
    heartbeats.watch(stalledOut);
    stalled.hold();
    stalledOut.send(new SseMessage(null, "x", "{}"));

    now[0] += TimeUnit.MILLISECONDS.toNanos(300);
    heartbeats.tick();
    assertEquals(List.of("ping"), idle.comments());
    assertFalse(stalledOut.isClosed(), "within the send timeout");

    now[0] += TimeUnit.MILLISECONDS.toNanos(800);
    heartbeats.tick();
    assertTrue(stalledOut.isClosed(), "its client stopped reading");
    assertFalse(idleOut.isClosed());
    assertEquals(1, heartbeats.watched());

    idleOut.close();
    assertEquals(0, heartbeats.watched());
  }
}
