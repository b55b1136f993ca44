package io.ponybunny.web.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SseOutputTest {

  private final FakeSse fake = new FakeSse();
  private final long[] now = {1_000_000_000L};
  private final SseOutput out = new SseOutput(fake.sink, fake.sse, () -> now[0]);

  private void advanceMillis(long ms) {
    now[0] += TimeUnit.MILLISECONDS.toNanos(ms);
  }

  @Test
  void anEventGoesOutWithItsIdNameAndData() {
    out.send(new SseMessage("e.1:7", "llm.stream.chunk", "{\"chunk\":\"a\"}"));
    out.send(new SseMessage(null, "llm.stream.end", "{}"));
    assertEquals(
        "id: e.1:7\nevent: llm.stream.chunk\ndata: {\"chunk\":\"a\"}\n\n"
            + "event: llm.stream.end\ndata: {}\n\n",
        fake.text());
  }

  @Test
  void anIdleOutputIsPingedAfterAQuarterSecondAndABusyOneIsNot() {
    out.ping();
    assertEquals(List.of(), fake.comments(), "just opened");
    advanceMillis(260);
    out.ping();
    assertEquals(List.of("ping"), fake.comments());
    out.ping();
    assertEquals(List.of("ping"), fake.comments(), "the ping was a write");

    fake.hold();
    advanceMillis(10);
    out.send(new SseMessage(null, "x", "{}"));
    advanceMillis(1_000);
    out.ping();
    assertEquals(List.of("ping"), fake.comments(), "a client that does not read is not pinged");
  }

  @Test
  void aFailedWriteClosesTheOutputAndRunsItsCloseActionsOnce() {
    AtomicInteger closes = new AtomicInteger();
    out.onClosed(closes::incrementAndGet);
    fake.hold();
    CompletionStage<Void> sent = out.send(new SseMessage(null, "x", "{}"));
    assertFalse(out.isClosed());
    fake.failAll();
    assertTrue(sent.toCompletableFuture().isCompletedExceptionally());
    assertTrue(out.isClosed());
    assertTrue(fake.sink.closed, "the response ends");
    out.close();
    assertEquals(1, closes.get(), "once");

    AtomicInteger late = new AtomicInteger();
    out.onClosed(late::incrementAndGet);
    assertEquals(1, late.get(), "an action added after the close runs at once");
    assertTrue(
        out.send(new SseMessage(null, "y", "{}")).toCompletableFuture().isCompletedExceptionally());
  }

  @Test
  void aSendLeftUnwrittenLongerThanATimeoutIsStalled() {
    fake.hold();
    out.send(new SseMessage(null, "x", "0123456789"));
    assertEquals(10, out.unwrittenChars());
    advanceMillis(500);
    assertTrue(out.stalledLongerThan(TimeUnit.MILLISECONDS.toNanos(400)));
    assertFalse(out.stalledLongerThan(TimeUnit.MILLISECONDS.toNanos(600)));
    fake.writeAll();
    assertEquals(0, out.unwrittenChars());
    assertFalse(out.stalledLongerThan(0), "nothing waits");
  }

  @Test
  void anEventReachesTheSinkOnlyOnceTheOneBeforeIsWritten() {
    fake.hold();
    out.send(new SseMessage(null, "first", "{}"));
    out.send(new SseMessage(null, "second", "{}"));
    assertEquals("event: first\ndata: {}\n\n", fake.text(), "the second waits for the first");
    fake.writeAll();
    assertEquals("event: first\ndata: {}\n\nevent: second\ndata: {}\n\n", fake.text());
    assertEquals(0, out.unwrittenChars());
  }
}
