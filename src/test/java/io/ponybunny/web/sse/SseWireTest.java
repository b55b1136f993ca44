package io.ponybunny.web.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.broadcast.BroadcastManager;
import io.ponybunny.broadcast.BroadcastSettings;
import io.ponybunny.broadcast.StreamFrames;
import io.ponybunny.broadcast.StreamPosition;
import io.ponybunny.broadcast.transport.SessionSender;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A goal channel's subscriber on a server-sent event stream gets what a socket gets, as events: a
 * snapshot, then every event with its position as id; a resume from an id replays what it missed;
 * the broadcast's bound and closes apply to it.
 */
class SseWireTest {

  private static final long T = 1_000;

  private final FakeSse fake = new FakeSse();
  private final SseOutput out = new SseOutput(fake.sink, fake.sse);

  private static BroadcastManager manager() {
    return BroadcastManager.create(
        new BroadcastSettings(1 << 20, 1000, 300_000, 100, 1_000_000, 0), null, null);
  }

  private static void stream(BroadcastManager m, String goal, String id, String... chunks) {
    m.publish(new StreamEvent.Start(id, goal, null, null, "sim/x", "sim", null, null, T));
    for (int i = 0; i < chunks.length; i++) {
      m.publish(new StreamEvent.Chunk(id, goal, chunks[i], i, T + i + 1));
    }
    m.publish(new StreamEvent.End(id, goal, chunks.length, 7, "stop", 3, 4, 1L, 9, T + 9));
  }

  @Test
  void aNewSubscriberGetsASnapshotThenEveryEventWithItsPositionAsId() {
    BroadcastManager m = manager();
    stream(m, "g", "r1", "Hel", "lo");
    m.subscribe(new SseWire(out), BroadcastManager.goalChannel("g"), null);
    StreamEvent.Chunk live = new StreamEvent.Chunk("r2", "g", "x", 0, T);
    m.publish(new StreamEvent.Start("r2", "g", null, null, "sim/x", "sim", null, null, T));
    m.publish(live);

    List<OutboundSseEvent> events = fake.events();
    assertEquals("snapshot", events.get(0).getName());
    JsonObject snap = JsonSupport.readValue((String) events.get(0).getData()).asJsonObject();
    String epoch = snap.getString("epoch");
    assertEquals(4, snap.getInt("seq"));
    assertEquals(epoch + ":4", events.get(0).getId());
    assertEquals("Hello", snap.getJsonArray("streams").getJsonObject(0).getString("content"));
    assertEquals(3, events.size());
    assertEquals("llm.stream.start", events.get(1).getName());
    assertEquals(epoch + ":5", events.get(1).getId());
    assertEquals(epoch + ":6", events.get(2).getId());
    assertEquals(StreamFrames.data(live), events.get(2).getData(), "the socket's data");
  }

  @Test
  void aResumeFromTheLastEventIdReplaysWhatWasMissedAndNothingElse() {
    BroadcastManager m = manager();
    stream(m, "g", "r1", "a", "b", "c");
    String epoch = m.channelEpoch("g");
    m.subscribe(
        new SseWire(out),
        BroadcastManager.goalChannel("g"),
        SseResume.parse(epoch + ":2", null, null).position());
    List<OutboundSseEvent> events = fake.events();
    assertEquals(
        List.of(epoch + ":3", epoch + ":4", epoch + ":5"),
        events.stream().map(OutboundSseEvent::getId).toList());
    assertEquals(
        List.of("llm.stream.chunk", "llm.stream.chunk", "llm.stream.end"),
        events.stream().map(OutboundSseEvent::getName).toList());
  }

  @Test
  void aResumeThatCannotBeServedGetsASnapshotNotRecovered() {
    BroadcastManager m = manager();
    stream(m, "g", "r1", "a");
    m.subscribe(
        new SseWire(out), BroadcastManager.goalChannel("g"), new StreamPosition("gone.1", 2));
    OutboundSseEvent first = fake.events().get(0);
    assertEquals("snapshot", first.getName());
    assertFalse(
        JsonSupport.readValue((String) first.getData()).asJsonObject().getBoolean("recovered"));
  }

  @Test
  void eventsThatPiledUpWhileASendWasUnwrittenGoOutTogetherInOrder() {
    BroadcastManager m = manager();
    m.subscribe(new SseWire(out), BroadcastManager.goalChannel("g"), null);
    fake.hold();
    stream(m, "g", "r1", "a", "b");
    assertEquals(2, fake.events().size(), "the snapshot and the start; the start unwritten");
    fake.writeAll();
    List<String> ids = fake.events().stream().map(OutboundSseEvent::getId).toList();
    String epoch = m.channelEpoch("g");
    assertEquals(
        List.of(epoch + ":0", epoch + ":1", epoch + ":2", epoch + ":3", epoch + ":4"), ids);
  }

  @Test
  void aSubscriberPastItsBoundGetsTheSocketsCloseAsItsLastEventThenTheStreamEnds() {
    FakeSse slow = new FakeSse();
    SseOutput slowOut = new SseOutput(slow.sink, slow.sse);
    SessionSender sender = new SessionSender(new SseWire(slowOut), 200, 0, null, null, null, null);
    slow.hold();
    sender.send(StreamFrames.event(new StreamEvent.Chunk("r", "g", "a", 0, T), "e.1", 1));
    for (int i = 1; i < 5; i++) {
      sender.send(StreamFrames.event(new StreamEvent.Chunk("r", "g", "x", i, T), "e.1", 1 + i));
    }
    slow.writeAll();
    List<OutboundSseEvent> events = slow.events();
    OutboundSseEvent last = events.get(events.size() - 1);
    assertEquals("close", last.getName());
    assertEquals("{\"code\":4008,\"reason\":\"slow consumer\"}", last.getData());
    assertTrue(slow.sink.closed);
    assertTrue(slowOut.isClosed());
    assertTrue(sender.isClosed());
  }

  @Test
  void aClientThatWentAwayStopsItsSender() {
    SessionSender sender = new SessionSender(new SseWire(out), 1 << 20, 0, null, null, null, null);
    fake.hold();
    sender.send(StreamFrames.event(new StreamEvent.Chunk("r", "g", "a", 0, T), "e.1", 1));
    fake.failAll();
    assertTrue(sender.isClosed(), "a failed send stops the sender");
    assertTrue(out.isClosed());
  }
}
