package io.ponybunny.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.broadcast.transport.FakeSession;
import io.ponybunny.broadcast.transport.SessionSender;
import io.ponybunny.event.StreamEvent;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.inject.Instance;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BroadcastManagerTest {

  private static final long T = 1_000;

  private static BroadcastManager manager(BroadcastSettings settings) {
    return BroadcastManager.create(settings, null, null);
  }

  private static BroadcastSettings settings(
      int replayEvents, long replayAgeMillis, int completed, int maxChars) {
    return new BroadcastSettings(1 << 24, replayEvents, replayAgeMillis, completed, maxChars, 0);
  }

  private static void stream(BroadcastManager m, String goal, String id, String... chunks) {
    m.publish(new StreamEvent.Start(id, goal, "w1", "r1", "sim/x", "sim", null, null, T));
    for (int i = 0; i < chunks.length; i++) {
      m.publish(new StreamEvent.Chunk(id, goal, chunks[i], i, T + i + 1));
    }
    m.publish(
        new StreamEvent.End(
            id, goal, chunks.length, 7, "stop", 3, 4, 1L, 9, T + chunks.length + 1));
  }

  private static FakeSession subscribe(BroadcastManager m, String goal, String epoch, Long since) {
    FakeSession s = new FakeSession(false);
    m.subscribe(
        s.session,
        goal == null ? BroadcastManager.ALL_STREAMS : BroadcastManager.goalChannel(goal),
        epoch == null ? null : new StreamPosition(epoch, since));
    return s;
  }

  private static List<JsonObject> events(FakeSession s) {
    return s.messages().stream().filter(o -> "event".equals(o.getString("type"))).toList();
  }

  private static JsonObject snapshot(FakeSession s) {
    JsonObject first = s.messages().get(0);
    assertEquals("snapshot", first.getString("type"));
    return first;
  }

  /**
   * The CDI wiring with asynchronous sends (Java 17, or {@code blocking-sends=false}): a socket's
   * 4008 close is handed to the server's managed executor, so the publisher that overflowed it
   * never writes the close frame, which can wait seconds behind the client's unread data.
   */
  @ParameterizedTest(name = "blocking-sends={0}")
  @ValueSource(strings = {"false", "pool"})
  void withAsynchronousSendsOrTheWriterPoolClosesGoToTheManagedExecutor(String blockingSends) {
    BroadcastConfig config = new BroadcastConfig();
    config.maxQueuedBytes = 2_000;
    config.replayMaxEvents = 100;
    config.replayMaxAgeSeconds = 300;
    config.completedStreams = 10;
    config.maxStreamChars = 1_000_000;
    config.blockingSends = blockingSends;
    config.writerThreads = 2;
    config.batchIntervalMs = 0;
    BroadcastManager m = new BroadcastManager();
    m.config = config;
    m.meters = proxy(Instance.class, (method, args) -> false); // isResolvable: no telemetry
    List<Runnable> handedOff = new ArrayList<>();
    m.managedExecutor =
        proxy(
            ManagedExecutorService.class,
            (method, args) -> {
              assertEquals("execute", method.getName());
              handedOff.add((Runnable) args[0]);
              return null;
            });
    m.init();
    FakeSession s = new FakeSession(true); // sends stay in flight until completed
    s.basicGate = new CountDownLatch(1); // and so do blocking ones: the client stopped reading
    m.subscribe(s.session, BroadcastManager.goalChannel("g"), null);
    m.publish(new StreamEvent.Start("q1", "g", "w1", "r1", "sim/x", "sim", null, null, T));
    for (int i = 0; handedOff.isEmpty() && i < 100; i++) {
      m.publish(new StreamEvent.Chunk("q1", "g", "chunk " + i, i, T + i + 1));
    }
    assertEquals(1, handedOff.size(), "the overflowing socket's close was handed off");
    assertTrue(s.open, "the publisher did not write the close frame");
    handedOff.get(0).run();
    assertFalse(s.open);
    assertEquals(4008, s.closeReason.getCloseCode().getCode());
    s.basicGate.countDown();
    m.shutdown();
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<?> type, BiFunction<Method, Object[], Object> body) {
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> body.apply(method, args));
  }

  @Test
  void numbersEachChannelGaplesslyAndRoutesByGoal() {
    BroadcastManager m = manager(BroadcastSettings.defaults());
    FakeSession a = subscribe(m, "a", null, null);
    FakeSession b = subscribe(m, "b", null, null);
    FakeSession all = subscribe(m, null, null, null);
    stream(m, "a", "r1", "x", "y");
    stream(m, "b", "r2", "z");
    stream(m, null, "r3", "w");

    assertSeq(events(a), 1, 4);
    assertSeq(events(b), 1, 3);
    assertSeq(events(all), 1, 10);
    assertTrue(
        events(a).stream().allMatch(e -> "a".equals(e.getJsonObject("data").getString("goalId"))));
    assertTrue(
        events(b).stream().allMatch(e -> "b".equals(e.getJsonObject("data").getString("goalId"))));
    JsonObject chunk = events(a).get(2);
    assertEquals("llm.stream.chunk", chunk.getString("event"));
    assertEquals("y", chunk.getJsonObject("data").getString("chunk"));
    assertEquals(1, chunk.getJsonObject("data").getInt("index"));
  }

  @Test
  void anOwnersChannelGetsItsStreamsAndGoalsGaplesslyAndNobodyElses() {
    BroadcastManager m = manager(BroadcastSettings.defaults());
    m.goalOwners(goal -> "g-alice".equals(goal) ? "alice" : null);
    FakeSession alice = new FakeSession(false);
    m.subscribe(alice.session, BroadcastManager.ownerChannel("alice"), null);
    FakeSession bob = new FakeSession(false);
    m.subscribe(bob.session, BroadcastManager.ownerChannel("bob"), null);
    m.publish(new StreamEvent.Start("ra", "g-alice", null, null, "sim/x", "sim", "alice", null, T));
    m.publish(new StreamEvent.Start("rb", null, null, null, "sim/x", "sim", "bob", null, T));
    m.publish(new StreamEvent.Chunk("ra", "g-alice", "A", 0, T + 1));
    m.publish(new StreamEvent.Chunk("rb", null, "B", 0, T + 1));
    m.publish(new io.ponybunny.agent.AgentEvent.GoalCreated("g-alice", "t", "queued", T + 2));
    m.publish(new StreamEvent.End("ra", "g-alice", 1, 1, "stop", null, null, null, 2, T + 3));
    m.publish(new StreamEvent.Error("rb", null, "boom", T + 3));
    m.publish(new StreamEvent.Start("rx", null, null, null, "sim/x", "sim", null, null, T + 4));

    assertSeq(events(alice), 1, 4);
    assertSeq(events(bob), 1, 3);
    assertTrue(events(alice).toString().contains("\"owner\":\"alice\""), "start names its owner");
    assertTrue(
        events(alice).stream()
            .map(e -> e.getJsonObject("data"))
            .allMatch(d -> !d.containsKey("requestId") || "ra".equals(d.getString("requestId"))));
    assertTrue(
        events(bob).stream()
            .map(e -> e.getJsonObject("data"))
            .allMatch(d -> "rb".equals(d.getString("requestId"))));
  }

  private static void assertSeq(List<JsonObject> events, long first, int count) {
    assertEquals(count, events.size(), events.toString());
    for (int i = 0; i < count; i++) {
      assertEquals(first + i, events.get(i).getJsonNumber("seq").longValue());
    }
  }

  @Test
  void aLateJoinerGetsASnapshotThenLiveEventsWithoutGapOrOverlap() {
    BroadcastManager m = manager(BroadcastSettings.defaults());
    m.publish(new StreamEvent.Start("r1", "g", "w1", "run1", "sim/x", "sim", null, null, T));
    m.publish(new StreamEvent.Chunk("r1", "g", "Hello", 0, T + 5));
    m.publish(new StreamEvent.Chunk("r1", "g", ", wor", 1, T + 6));
    FakeSession late = subscribe(m, "g", null, null);
    m.publish(new StreamEvent.Chunk("r1", "g", "ld", 2, T + 7));
    m.publish(new StreamEvent.End("r1", "g", 3, 5, "stop", 2, 3, 5L, 10, T + 10));

    JsonObject snap = snapshot(late);
    assertEquals(3, snap.getInt("seq"));
    assertFalse(snap.containsKey("recovered"), "a first connection is not a resume");
    assertEquals(m.channelEpoch("g"), snap.getString("epoch"));
    JsonObject s = snap.getJsonArray("streams").getJsonObject(0);
    assertEquals("r1", s.getString("requestId"));
    assertEquals("g", s.getString("goalId"));
    assertEquals("w1", s.getString("workItemId"));
    assertEquals("run1", s.getString("runId"));
    assertEquals("sim/x", s.getString("model"));
    assertEquals("sim", s.getString("provider"));
    assertEquals("streaming", s.getString("status"));
    assertEquals("Hello, wor", s.getString("content"));
    assertEquals(2, s.getInt("nextIndex"));
    assertEquals(T, s.getJsonNumber("startedAt").longValue());
    assertEquals(5, s.getInt("ttftMs"));

    List<JsonObject> live = events(late);
    assertEquals(4, live.get(0).getInt("seq"));
    assertEquals(2, live.get(0).getJsonObject("data").getInt("index"));
    assertEquals("llm.stream.end", live.get(1).getString("event"));

    FakeSession after = subscribe(m, "g", null, null);
    JsonObject done = snapshot(after).getJsonArray("streams").getJsonObject(0);
    assertEquals("completed", done.getString("status"));
    assertEquals("Hello, world", done.getString("content"));
    assertEquals(3, done.getInt("nextIndex"));
    assertEquals(5, done.getInt("tokensUsed"));
    assertEquals(2, done.getInt("inputTokens"));
    assertEquals(3, done.getInt("outputTokens"));
    assertEquals(10, done.getInt("durationMs"));
    assertEquals("stop", done.getString("finishReason"));
  }

  @Test
  void snapshotsKeepABoundedNumberOfFinishedStreamsAndReportErrors() {
    BroadcastManager m = manager(settings(100, 60_000, 2, 1000));
    stream(m, "g", "r1", "a");
    stream(m, "g", "r2", "b");
    m.publish(new StreamEvent.Start("r3", "g", null, null, "sim/x", "sim", null, null, T));
    m.publish(new StreamEvent.Error("r3", "g", "boom", T + 4));
    m.publish(new StreamEvent.Start("r4", "g", null, null, "sim/x", "sim", null, null, T));
    m.publish(new StreamEvent.End("r4", "g", 0, 0, "cancelled", null, null, null, 1, T + 1));
    m.publish(new StreamEvent.Start("r5", "g", null, null, "sim/x", "sim", null, null, T));
    List<JsonObject> streams =
        snapshot(subscribe(m, "g", null, null))
            .getJsonArray("streams")
            .getValuesAs(JsonObject.class);
    assertEquals(
        List.of("r3", "r4", "r5"), streams.stream().map(s -> s.getString("requestId")).toList());
    assertEquals("error", streams.get(0).getString("status"));
    assertEquals("boom", streams.get(0).getString("error"));
    assertEquals("cancelled", streams.get(1).getString("status"));
    assertEquals("streaming", streams.get(2).getString("status"));
  }

  @Test
  void aLateJoinersSnapshotCarriesEachFinishedStreamsCachedInputAndCost() {
    BroadcastManager m = manager(BroadcastSettings.defaults());
    m.publish(new StreamEvent.Start("r1", "g", null, null, "sim/x", "sim", null, null, T));
    m.publish(
        new StreamEvent.End(
            "r1",
            "g",
            0,
            2100,
            "stop",
            2000,
            100,
            null,
            5,
            T + 5,
            1500,
            new BigDecimal("0.000247500")));
    m.publish(new StreamEvent.Start("r2", "g", null, null, "sim/x", "sim", null, null, T));
    m.publish(
        new StreamEvent.Error("r2", "g", "cut", T + 6, 40, 2, null, new BigDecimal("0.000100")));
    List<JsonObject> streams =
        snapshot(subscribe(m, "g", null, null))
            .getJsonArray("streams")
            .getValuesAs(JsonObject.class);
    JsonObject done = streams.get(0);
    assertEquals(1500, done.getInt("cachedInputTokens"));
    assertEquals(new BigDecimal("0.000247500"), done.getJsonNumber("costUsd").bigDecimalValue());
    JsonObject failed = streams.get(1);
    assertEquals("error", failed.getString("status"));
    assertEquals(42, failed.getInt("tokensUsed"), "what it used before it failed");
    assertEquals(40, failed.getInt("inputTokens"));
    assertEquals(new BigDecimal("0.000100"), failed.getJsonNumber("costUsd").bigDecimalValue());
  }

  @Test
  void resumeReplaysWhatWasMissedThenGoesLive() {
    BroadcastManager m = manager(BroadcastSettings.defaults());
    stream(m, "g", "r1", "a", "b", "c");
    String epoch = m.channelEpoch("g");
    FakeSession resumed = subscribe(m, "g", epoch, 2L);
    stream(m, "g", "r2", "d");
    List<JsonObject> got = resumed.messages();
    assertTrue(got.stream().allMatch(o -> "event".equals(o.getString("type"))), "no snapshot");
    assertSeq(got, 3, 6);

    FakeSession upToDate = subscribe(m, "g", epoch, 8L);
    m.publish(new StreamEvent.Start("r3", "g", null, null, "sim/x", "sim", null, null, T));
    assertSeq(upToDate.messages(), 9, 1);
  }

  @Test
  void unknownEpochFutureSinceOrEvictedEventsGiveASnapshotNotRecovered() {
    BroadcastManager m = manager(settings(4, 60_000, 10, 1000));
    stream(m, "g", "r1", "a", "b", "c", "d"); // seq 1..6, buffer holds 3..6
    String epoch = m.channelEpoch("g");
    for (FakeSession s :
        List.of(
            subscribe(m, "g", "other-epoch", 5L),
            subscribe(m, "g", epoch, 1L),
            subscribe(m, "g", epoch, 7L))) {
      JsonObject snap = snapshot(s);
      assertFalse(snap.getBoolean("recovered"));
      assertEquals(6, snap.getInt("seq"));
      assertEquals("abcd", snap.getJsonArray("streams").getJsonObject(0).getString("content"));
    }
    assertSeq(subscribe(m, "g", epoch, 2L).messages(), 3, 4);
  }

  @Test
  void replayFramesExpireByAge() {
    AtomicLong now = new AtomicLong(T);
    BroadcastManager m =
        BroadcastManager.create(settings(100, 500, 10, 1000), null, null, now::get);
    stream(m, "g", "r1", "a");
    assertSeq(subscribe(m, "g", m.channelEpoch("g"), 1L).messages(), 2, 2);
    now.addAndGet(501);
    JsonObject snap = snapshot(subscribe(m, "g", m.channelEpoch("g"), 1L));
    assertFalse(snap.getBoolean("recovered"));
  }

  @Test
  void truncatesABroadcastStreamOnceWithAMarkerAndSaysSoAtTheEnd() {
    BroadcastManager m = manager(settings(100, 60_000, 10, 10));
    FakeSession s = subscribe(m, "g", null, null);
    stream(m, "g", "r1", "0123", "4567", "89ab", "cdef", "ghij");
    List<JsonObject> ev = events(s);
    assertEquals(
        List.of(
            "llm.stream.start",
            "llm.stream.chunk",
            "llm.stream.chunk",
            "llm.stream.truncated",
            "llm.stream.end"),
        ev.stream().map(e -> e.getString("event")).toList());
    assertSeq(ev, 1, 5);
    JsonObject marker = ev.get(3).getJsonObject("data");
    assertEquals(2, marker.getInt("index"));
    assertEquals(10, marker.getInt("maxChars"));
    JsonObject end = ev.get(4).getJsonObject("data");
    assertTrue(end.getBoolean("truncated"));
    assertEquals(5, end.getInt("totalChunks"), "the upstream count");
    JsonObject snap =
        snapshot(subscribe(m, "g", null, null)).getJsonArray("streams").getJsonObject(0);
    assertEquals("01234567", snap.getString("content"));
    assertEquals(2, snap.getInt("nextIndex"));
    assertTrue(snap.getBoolean("truncated"));
  }

  @Test
  void passesOtherChannelEventsThroughInOrder() {
    BroadcastManager m = manager(BroadcastSettings.defaults());
    FakeSession s = subscribe(m, "g", null, null);
    m.publish(new TestGoalEvent("g", "running"));
    m.publish(new TestGoalEvent("g", "succeeded"));
    List<JsonObject> ev = events(s);
    assertEquals("goal.status", ev.get(0).getString("event"));
    assertEquals("succeeded", ev.get(1).getJsonObject("data").getString("status"));
    assertTrue(snapshot(subscribe(m, "g", null, null)).getJsonArray("streams").isEmpty());
  }

  @Test
  void shutdownClosesEverySocketWith1001() {
    BroadcastManager m = manager(BroadcastSettings.defaults());
    FakeSession a = subscribe(m, "g", null, null);
    FakeSession b = subscribe(m, null, null, null);
    m.shutdown();
    assertEquals(1001, a.closeReason.getCloseCode().getCode());
    assertEquals(1001, b.closeReason.getCloseCode().getCode());
    FakeSession late = subscribe(m, "g", null, null);
    assertEquals(1001, late.closeReason.getCloseCode().getCode());
  }

  @Test
  void dropsIdleGoalChannelsAndANewIncarnationHasANewEpoch() {
    AtomicLong now = new AtomicLong(T);
    BroadcastManager m =
        BroadcastManager.create(settings(100, 500, 10, 1000), null, null, now::get);
    stream(m, "g", "r1", "a");
    String first = m.channelEpoch("g");
    FakeSession listening = subscribe(m, "h", null, null);
    m.publish(new StreamEvent.Start("r2", "k", null, null, "sim/x", "sim", null, null, T));
    m.channels().sweep();
    assertEquals(first, m.channelEpoch("g"), "not idle long enough");
    now.addAndGet(501);
    m.channels().sweep();
    assertNotEquals(first, m.channelEpoch("g"));
    assertEquals(
        4, m.channels().count(), "g (new), h (a subscriber), k (an active stream), streams");
    assertTrue(listening.open);
  }

  @Test
  void theSweepDropsExpiredReplayFramesAndRemovesChannelsWithNothingLeft() {
    AtomicLong now = new AtomicLong(T);
    BroadcastManager m =
        BroadcastManager.create(settings(100, 500, 10, 1000), null, null, now::get);
    stream(m, "g", "r1", "a");
    FakeSession fake = new FakeSession(false);
    SessionSender listening = m.subscribe(fake.session, BroadcastManager.goalChannel("g"), null);
    assertEquals(3, m.channels().existing("goal:g").replaySize());
    now.addAndGet(500);
    m.channels().sweep();
    assertEquals(3, m.channels().existing("goal:g").replaySize(), "not older than the age yet");
    now.addAndGet(1);
    m.channels().sweep();
    assertEquals(0, m.channels().existing("goal:g").replaySize(), "expired without a new event");
    assertEquals(0, m.channels().existing(BroadcastManager.ALL_STREAMS).replaySize());
    assertEquals(2, m.channels().count(), "g has a socket; streams is never removed");

    m.unsubscribe(listening, BroadcastManager.goalChannel("g"));
    m.channels().sweep();
    assertEquals(2, m.channels().count(), "g was used just now");
    now.addAndGet(501);
    m.channels().sweep();
    assertEquals(1, m.channels().count(), "g: no socket, nothing to replay, idle for the age");
    assertEquals(null, m.channels().existing("goal:g"));
  }

  @Test
  void aPrincipalsSocketsHoldAtMostItsMaximumOfFreeChannelsAndEmptyOnesGoAtOnce() {
    BroadcastSettings limited = new BroadcastSettings(1 << 20, 100, 60_000, 10, 1000, 0, 0, 2, 0);
    BroadcastManager m = manager(limited);
    String a = BroadcastManager.goalChannel("a");
    String b = BroadcastManager.goalChannel("b");
    String c = BroadcastManager.goalChannel("c");
    assertTrue(m.claimFreeChannel(a, "alice"));
    SessionSender onA = m.subscribe(new FakeSession(false).session, a, null);
    assertTrue(m.claimFreeChannel(b, "alice"));
    SessionSender onB = m.subscribe(new FakeSession(false).session, b, null);
    assertFalse(m.claimFreeChannel(c, "alice"), "alice has two");
    assertTrue(m.claimFreeChannel(c, "bob"));
    assertTrue(m.claimFreeChannel(a, "carol"), "a exists: nothing new is made");
    m.publish(new StreamEvent.Start("r1", "b", null, null, "sim/x", "sim", null, null, T));

    m.unsubscribe(onA, a);
    assertEquals(null, m.channels().existing(a), "no socket and never an event: removed at once");
    assertTrue(
        m.claimFreeChannel(BroadcastManager.goalChannel("d"), "alice"), "a no longer counts");
    assertFalse(m.claimFreeChannel(BroadcastManager.goalChannel("e"), "alice"));
    m.unsubscribe(onB, b);
    assertTrue(m.channels().existing(b) != null, "b has a stream to show and replay");
    assertTrue(
        m.claimFreeChannel(BroadcastManager.goalChannel("e"), "alice"), "b's last socket left");
  }

  /**
   * Several threads publish interleaved streams (each stream's events in order, as the publisher
   * guarantees) while subscribers join at random moments: every subscriber sees a gapless seq, and
   * its snapshot content plus the later chunks is each stream's full text.
   */
  @Test
  void concurrentPublishersAndLateJoinersNeverSeeAGapOrAnOverlap() throws Exception {
    BroadcastManager m = manager(BroadcastSettings.defaults());
    int streams = 8;
    int chunks = 150;
    ExecutorService pool = Executors.newFixedThreadPool(streams + 1);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> work = new ArrayList<>();
      for (int s = 0; s < streams; s++) {
        String id = "r" + s;
        work.add(
            pool.submit(
                () -> {
                  go.await();
                  String[] parts = new String[chunks];
                  for (int i = 0; i < chunks; i++) {
                    parts[i] = id + ":" + i + " ";
                  }
                  stream(m, "g", id, parts);
                  return null;
                }));
      }
      List<FakeSession> joiners = new ArrayList<>();
      Future<?> joining =
          pool.submit(
              () -> {
                go.await();
                Random random = new Random(42);
                for (int j = 0; j < 40; j++) {
                  synchronized (joiners) {
                    joiners.add(subscribe(m, j % 2 == 0 ? "g" : null, null, null));
                  }
                  Thread.onSpinWait();
                  for (int k = random.nextInt(2000); k > 0; k--) {
                    Thread.onSpinWait();
                  }
                }
                return null;
              });
      go.countDown();
      for (Future<?> f : work) {
        f.get(30, TimeUnit.SECONDS);
      }
      joining.get(30, TimeUnit.SECONDS);
      for (FakeSession j : joiners) {
        assertFalse(j.overlappingSend);
        checkSnapshotPlusLive(j.messages(), streams, chunks);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void checkSnapshotPlusLive(List<JsonObject> messages, int streams, int chunks) {
    JsonObject snap = messages.get(0);
    assertEquals("snapshot", snap.getString("type"));
    long seq = snap.getJsonNumber("seq").longValue();
    Map<String, StringBuilder> text = new HashMap<>();
    Map<String, Integer> next = new HashMap<>();
    for (JsonValue v : snap.getJsonArray("streams")) {
      JsonObject s = v.asJsonObject();
      text.put(s.getString("requestId"), new StringBuilder(s.getString("content")));
      next.put(s.getString("requestId"), s.getInt("nextIndex"));
    }
    for (JsonObject e : messages.subList(1, messages.size())) {
      assertEquals(++seq, e.getJsonNumber("seq").longValue(), "gapless after the snapshot");
      JsonObject d = e.getJsonObject("data");
      String id = d.getString("requestId");
      if ("llm.stream.start".equals(e.getString("event"))) {
        assertFalse(text.containsKey(id), "a start the snapshot already had");
        text.put(id, new StringBuilder());
        next.put(id, 0);
      } else if ("llm.stream.chunk".equals(e.getString("event"))) {
        assertEquals(next.get(id), d.getInt("index"), "chunk follows the snapshot's nextIndex");
        text.get(id).append(d.getString("chunk"));
        next.put(id, d.getInt("index") + 1);
      }
    }
    for (int s = 0; s < streams; s++) {
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < chunks; i++) {
        expected.append("r").append(s).append(':').append(i).append(' ');
      }
      assertEquals(expected.toString(), text.get("r" + s).toString());
    }
  }
}
