package io.ponybunny.web.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.broadcast.StreamFrames;
import io.ponybunny.event.StreamEvent;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A completion's own events as server-sent events; a client that leaves cancels the call. */
class CallEventsTest {

  private final FakeSse fake = new FakeSse();
  private final SseOutput out = new SseOutput(fake.sink, fake.sse);
  private final AtomicInteger cancels = new AtomicInteger();

  private CallEvents events(long bound) {
    CallEvents events = new CallEvents(out, bound);
    events.cancelsOnLeave(cancels::incrementAndGet);
    return events;
  }

  private static final StreamEvent.Start START =
      new StreamEvent.Start("r1", null, null, null, "sim/x", "sim", "alice", "api", null, null, 1);

  @Test
  void everyEventGoesOutWithTheSocketsPayloadAndTheStreamEndsAfterTheTerminalOne() {
    CallEvents events = events(1 << 20);
    StreamEvent.Chunk chunk = new StreamEvent.Chunk("r1", null, "Hi", 0, 2);
    StreamEvent.End end = new StreamEvent.End("r1", null, 1, 3, "stop", 1, 2, 5L, 9L, 3);
    events.accept(START);
    events.accept(chunk);
    assertFalse(out.isClosed());
    events.accept(end);
    List<OutboundSseEvent> sent = fake.events();
    assertEquals(
        List.of("llm.stream.start", "llm.stream.chunk", "llm.stream.end"),
        sent.stream().map(OutboundSseEvent::getName).toList());
    assertEquals(StreamFrames.data(START), sent.get(0).getData());
    assertEquals(StreamFrames.data(chunk), sent.get(1).getData());
    assertEquals(StreamFrames.data(end), sent.get(2).getData());
    assertNull(sent.get(1).getId(), "a completion's events are not resumable");
    assertTrue(fake.sink.closed, "the answer ends");
    assertEquals(0, cancels.get(), "an ended call is not cancelled");
  }

  @Test
  void theStreamEndsOnlyOnceTheTerminalEventIsWritten() {
    CallEvents events = events(1 << 20);
    fake.hold();
    events.accept(START);
    events.accept(new StreamEvent.Error("r1", null, "boom", 2));
    assertFalse(fake.sink.closed);
    fake.writeAll();
    assertTrue(fake.sink.closed);
    assertEquals(0, cancels.get());
  }

  @Test
  void aClientThatGoesAwayCancelsTheCall() {
    CallEvents events = events(1 << 20);
    fake.hold();
    events.accept(START);
    fake.failAll();
    assertEquals(1, cancels.get());
    events.accept(new StreamEvent.Chunk("r1", null, "late", 0, 2));
    assertEquals(1, fake.events().size(), "nothing more is sent");
  }

  @Test
  void aClientThatLetsTooMuchWaitUnwrittenIsDroppedAndTheCallCancelled() {
    CallEvents events = events(200);
    fake.hold();
    events.accept(START);
    events.accept(new StreamEvent.Chunk("r1", null, "x".repeat(60), 0, 2));
    assertFalse(out.isClosed(), "the bound is checked before each send");
    events.accept(new StreamEvent.Chunk("r1", null, "y", 1, 3));
    assertTrue(out.isClosed());
    assertEquals(1, cancels.get());
  }
}
