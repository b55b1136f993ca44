package io.ponybunny.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.broadcast.transport.FakeSession;
import io.ponybunny.broadcast.transport.SessionSender;
import io.ponybunny.client.StreamAttempt;
import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BroadcastChannelTest {

  private static final long T = 1_000;

  private static BroadcastSettings settings(long maxQueuedChars) {
    return new BroadcastSettings(maxQueuedChars, 100, 60_000, 10, 1_000_000, 0);
  }

  private static SessionSender sender(FakeSession s, long maxQueuedChars) {
    return new SessionSender(s.session, maxQueuedChars, 0, null, null);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(30, TimeUnit.SECONDS), "latch not released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * The snapshot is encoded after the channel's lock is released: a publisher goes on while a big
   * snapshot is being encoded, and the newcomer still gets the snapshot first and then exactly the
   * events after its seq.
   */
  @Test
  void aPublisherIsNotBlockedWhileABigSnapshotIsEncoded() throws Exception {
    CountDownLatch encoding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BroadcastChannel ch =
        new BroadcastChannel(
            "goal:g",
            "e.1",
            settings(1 << 24),
            ReplayBudget.of(settings(1 << 24)),
            () -> T,
            (snapshot, budget) -> {
              encoding.countDown();
              await(release);
              return snapshot.encode(budget);
            });
    String big = "x".repeat(500_000);
    ch.publish(new StreamEvent.Start("r1", "g", null, null, "sim/x", "sim", null, null, T), null);
    ch.publish(new StreamEvent.Chunk("r1", "g", big, 0, T + 1), null);
    FakeSession late = new FakeSession(false);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> joining = pool.submit(() -> ch.subscribe(sender(late, 1 << 24), null));
      await(encoding);
      Future<?> publishing =
          pool.submit(
              () -> {
                ch.publish(new StreamEvent.Chunk("r1", "g", "y", 1, T + 2), null);
                ch.publish(new StreamEvent.End("r1", "g", 2, 2, "stop", 1, 1, 1L, 3, T + 3), null);
              });
      publishing.get(30, TimeUnit.SECONDS); // would time out if it waited for the encoding
      assertEquals(4, ch.seq());
      assertTrue(late.frames().isEmpty(), "nothing goes out before the snapshot");
      release.countDown();
      joining.get(30, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    List<JsonObject> got = late.messages();
    assertEquals("snapshot", got.get(0).getString("type"));
    assertEquals(2, got.get(0).getInt("seq"));
    JsonObject stream = got.get(0).getJsonArray("streams").getJsonObject(0);
    assertEquals(big, stream.getString("content"), "the text as of the snapshot's seq");
    assertEquals(1, stream.getInt("nextIndex"));
    assertEquals(3, got.size(), got.toString());
    assertEquals(3, got.get(1).getInt("seq"));
    assertEquals("y", got.get(1).getJsonObject("data").getString("chunk"));
    assertEquals(4, got.get(2).getInt("seq"));
  }

  /** A snapshot over the client's queue bound leaves its oldest finished streams out. */
  @Test
  void aSnapshotLeavesOutTheOldestFinishedStreamsToFitTheQueueBound() {
    BroadcastChannel ch = new BroadcastChannel("goal:g", "e.1", settings(3_000), () -> T);
    for (int r = 1; r <= 5; r++) {
      String id = "r" + r;
      ch.publish(new StreamEvent.Start(id, "g", null, null, "sim/x", "sim", null, null, T), null);
      ch.publish(new StreamEvent.Chunk(id, "g", "z".repeat(1_000), 0, T + 1), null);
      ch.publish(new StreamEvent.End(id, "g", 1, 1, "stop", 1, 1, 1L, 3, T + 3), null);
    }
    ch.publish(new StreamEvent.Start("r6", "g", null, null, "sim/x", "sim", null, null, T), null);
    FakeSession late = new FakeSession(false);
    ch.subscribe(sender(late, 3_000), null);
    String frame = late.frames().get(0);
    assertTrue(frame.length() <= 3_000, "the snapshot fits the bound: " + frame.length());
    JsonObject snap = FakeSession.json(frame);
    assertEquals(3, snap.getInt("omitted"));
    assertEquals(
        List.of("r4", "r5", "r6"),
        snap.getJsonArray("streams").getValuesAs(JsonObject.class).stream()
            .map(s -> s.getString("requestId"))
            .toList(),
        "the newest finished ones, oldest first, then the active one");
    assertTrue(late.open);
  }

  /** A late joiner's snapshot names the attempts that failed before a stream's serving one. */
  @Test
  void aSnapshotCarriesTheStartsAttempts() {
    BroadcastChannel ch = new BroadcastChannel("goal:g", "e.1", settings(100_000), () -> T);
    ch.publish(
        new StreamEvent.Start(
            "r1",
            "g",
            null,
            null,
            "fallback-test",
            "b",
            null,
            null,
            null,
            null,
            T,
            List.of(new StreamAttempt("a", 5L, 503, "server_error", null, 250L)),
            null),
        null);
    ch.publish(new StreamEvent.Chunk("r1", "g", "Hi", 0, T + 300), null);
    FakeSession late = new FakeSession(false);
    ch.subscribe(sender(late, 100_000), null);
    JsonObject stream =
        FakeSession.json(late.frames().get(0)).getJsonArray("streams").getJsonObject(0);
    JsonObject attempt = stream.getJsonArray("attempts").getJsonObject(0);
    assertEquals("a", attempt.getString("provider"));
    assertEquals(503, attempt.getInt("status"));
    assertEquals(250, attempt.getInt("waitMs"));
  }

  /** When the active streams alone are over the bound the newcomer is closed like a slow one. */
  @Test
  void aSnapshotWhoseActiveStreamsAreOverTheQueueBoundClosesWith4008() {
    BroadcastChannel ch = new BroadcastChannel("goal:g", "e.1", settings(3_000), () -> T);
    for (int r = 1; r <= 2; r++) {
      String id = "r" + r;
      ch.publish(new StreamEvent.Start(id, "g", null, null, "sim/x", "sim", null, null, T), null);
      ch.publish(new StreamEvent.Chunk(id, "g", "z".repeat(2_000), 0, T + 1), null);
    }
    FakeSession late = new FakeSession(false);
    SessionSender sender = sender(late, 3_000);
    ch.subscribe(sender, null);
    assertFalse(late.open);
    assertEquals(4008, late.closeReason.getCloseCode().getCode());
    assertEquals("snapshot too large", late.closeReason.getReasonPhrase());
    assertTrue(late.frames().isEmpty());
    assertTrue(sender.isClosed());
  }

  /**
   * The snapshot counts toward the bound together with the live frames queued behind it while it
   * was encoded: more than the bound in all closes the newcomer with 4008.
   */
  @Test
  void theSnapshotAndTheLiveFramesBehindItShareTheQueueBound() throws Exception {
    CountDownLatch encoding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BroadcastChannel ch =
        new BroadcastChannel(
            "goal:g",
            "e.1",
            settings(3_000),
            ReplayBudget.of(settings(3_000)),
            () -> T,
            (snapshot, budget) -> {
              encoding.countDown();
              await(release);
              return snapshot.encode(budget);
            });
    ch.publish(new StreamEvent.Start("r1", "g", null, null, "sim/x", "sim", null, null, T), null);
    ch.publish(new StreamEvent.Chunk("r1", "g", "z".repeat(2_000), 0, T + 1), null);
    FakeSession late = new FakeSession(false);
    SessionSender sender = sender(late, 3_000);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> joining = pool.submit(() -> ch.subscribe(sender, null));
      await(encoding);
      ch.publish(new StreamEvent.Chunk("r1", "g", "z".repeat(1_500), 1, T + 2), null);
      assertEquals(0, late.frames().size(), "held behind the snapshot");
      release.countDown();
      joining.get(30, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertFalse(late.open);
    assertEquals(4008, late.closeReason.getCloseCode().getCode());
    assertEquals("slow consumer", late.closeReason.getReasonPhrase());
  }

  /**
   * A cluster mirror takes events numbered elsewhere only in order (a gap is refused for the caller
   * to fill), sends the relayed frame as it is, and its snapshot shows the relayed stream's state.
   */
  @Test
  void aMirrorRelaysOnlyTheNextSeqAndItsSnapshotShowsTheRelayedStream() {
    BroadcastChannel ch =
        new BroadcastChannel(
            "goal:g", "R.1", 41, settings(1 << 20), ReplayBudget.of(settings(1 << 20)), () -> T);
    StreamEvent.Start start =
        new StreamEvent.Start("r1", "g", null, null, "sim/x", "sim", null, null, T);
    StreamEvent.Chunk chunk = new StreamEvent.Chunk("r1", "g", "hello", 0, T + 1);
    FakeSession live = new FakeSession(false);
    ch.subscribe(sender(live, 1 << 20), null);
    assertFalse(ch.relay(43, StreamFrames.event(start, "R.1", 43), start), "a gap is refused");
    assertTrue(ch.relay(42, StreamFrames.event(start, "R.1", 42), start));
    assertTrue(ch.relay(43, StreamFrames.event(chunk, "R.1", 43), chunk));
    assertEquals(43, ch.seq());
    List<JsonObject> got = live.messages();
    assertEquals(List.of(41, 42, 43), got.stream().map(m -> m.getInt("seq")).toList());
    assertEquals("hello", got.get(2).getJsonObject("data").getString("chunk"));

    FakeSession late = new FakeSession(false);
    ch.subscribe(sender(late, 1 << 20), null);
    JsonObject snap = late.messages().get(0);
    assertEquals(43, snap.getInt("seq"));
    assertEquals("R.1", snap.getString("epoch"));
    assertEquals("hello", snap.getJsonArray("streams").getJsonObject(0).getString("content"));
    FakeSession resumed = new FakeSession(false);
    ch.subscribe(sender(resumed, 1 << 20), new StreamPosition("R.1", 42));
    assertEquals(List.of(43), resumed.messages().stream().map(m -> m.getInt("seq")).toList());
  }

  /**
   * A snapshot names the cluster instance that runs each stream, also when the stream's start was
   * relayed from another instance; a stream on a single node names none.
   */
  @Test
  void aSnapshotNamesTheInstanceThatRunsEachStream() {
    StreamEvent.Start there =
        new StreamEvent.Start("r1", "g", null, null, "sim/x", "sim", null, "node-b", T);
    ChannelEvent relayed = RelayedEvents.decode(there.eventName(), StreamFrames.data(there));
    BroadcastChannel mirror =
        new BroadcastChannel(
            "goal:g", "R.1", 0, settings(1 << 20), ReplayBudget.of(settings(1 << 20)), () -> T);
    assertTrue(mirror.relay(1, StreamFrames.event(there, "R.1", 1), relayed));
    FakeSession late = new FakeSession(false);
    mirror.subscribe(sender(late, 1 << 20), null);
    JsonObject stream = late.messages().get(0).getJsonArray("streams").getJsonObject(0);
    assertEquals("node-b", stream.getString("instance"));

    BroadcastChannel single = new BroadcastChannel("goal:g", "e.1", settings(1 << 20), () -> T);
    single.publish(
        new StreamEvent.Start("r2", "g", null, null, "sim/x", "sim", null, null, T), null);
    FakeSession other = new FakeSession(false);
    single.subscribe(sender(other, 1 << 20), null);
    JsonObject alone = other.messages().get(0).getJsonArray("streams").getJsonObject(0);
    assertEquals("r2", alone.getString("requestId"));
    assertFalse(alone.containsKey("instance"));
  }

  /** A late joiner's snapshot names who called each stream, as the stream's start did. */
  @Test
  void aSnapshotNamesWhoCalledEachStream() {
    BroadcastChannel ch = new BroadcastChannel("goal:g", "e.1", settings(1 << 20), () -> T);
    ch.publish(
        new StreamEvent.Start(
            "r1", "g", null, null, "sim/x", "sim", "alice", "openai", "key_4", null, T),
        null);
    ch.publish(new StreamEvent.Start("r2", "g", null, null, "sim/x", "sim", null, null, T), null);
    FakeSession late = new FakeSession(false);
    ch.subscribe(sender(late, 1 << 20), null);
    var streams = late.messages().get(0).getJsonArray("streams");
    JsonObject called = streams.getJsonObject(0);
    assertEquals("alice", called.getString("owner"));
    assertEquals("openai", called.getString("client"));
    assertEquals("key_4", called.getString("apiKeyId"));
    JsonObject agent = streams.getJsonObject(1);
    assertFalse(agent.containsKey("client"));
    assertFalse(agent.containsKey("apiKeyId"));
  }
}
