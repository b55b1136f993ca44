package io.ponybunny.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WsRecordingTest {

  private static final Duration LONG = Duration.ofMinutes(1);
  private static final Duration SHORT = Duration.ofSeconds(10);

  private static final class Recording extends WsRecording {}

  static JsonObject snapshot(long seq) {
    return TestServer.json(
        "{\"type\":\"snapshot\",\"epoch\":\"e1\",\"seq\":" + seq + ",\"streams\":[]}");
  }

  static String event(long seq, String name, String requestId) {
    return "{\"type\":\"event\",\"event\":\"llm.stream."
        + name
        + "\",\"epoch\":\"e1\",\"seq\":"
        + seq
        + ",\"data\":{\"requestId\":\""
        + requestId
        + "\",\"timestamp\":"
        + (1000 + seq)
        + "}}";
  }

  static String batch(String... events) {
    return "{\"type\":\"batch\",\"events\":[" + String.join(",", events) + "]}";
  }

  @Test
  void batchesAreFlattenedAndEventsLeaveTheSnapshotOut() {
    Recording r = new Recording();
    assertEquals(0, r.record(snapshot(0), 1));
    assertEquals(
        2, r.record(TestServer.json(batch(event(1, "start", "r1"), event(2, "chunk", "r1"))), 2));
    assertEquals(3, r.record(TestServer.json(event(3, "chunk", "r1")), 3));

    assertEquals(3, r.frames().size(), "a batch is one frame");
    assertEquals("batch", r.frames().get(1).getString("type"));
    List<JsonObject> messages = r.messages();
    assertEquals(4, messages.size());
    assertEquals("snapshot", messages.get(0).getString("type"));
    assertEquals(messages.subList(1, 4), r.events());
    assertEquals(List.of(2L, 3L), r.arrivalNanos("llm.stream.chunk"));
    assertEquals(List.of(2L), r.arrivalNanos("llm.stream.start"));
  }

  @Test
  void theLongestSilenceIsBetweenFramesFromTheGivenTime() {
    Recording r = new Recording();
    long ms = TimeUnit.MILLISECONDS.toNanos(1);
    r.record(snapshot(0), 0);
    r.record(TestServer.json(event(1, "start", "r1")), ms);
    r.record(TestServer.json(event(2, "chunk", "r1")), 5 * ms);
    r.record(TestServer.json(event(3, "chunk", "r1")), 6 * ms);
    assertEquals(4, r.longestSilenceMillis(0));
    assertEquals(1, r.longestSilenceMillis(2 * ms));
  }

  @Test
  void awaitLooksAtEventsAndAwaitMessageAtEveryMessage() throws Exception {
    Recording r = new Recording();
    r.record(snapshot(7), 1);
    r.record(TestServer.json(event(7, "start", "r1")), 2);
    assertEquals("snapshot", r.awaitMessage(m -> m.getInt("seq") == 7, SHORT).getString("type"));
    assertEquals("event", r.await(m -> m.getInt("seq") == 7, SHORT).getString("type"));
    assertEquals("snapshot", r.awaitFirst(SHORT).getString("type"));
    // A predicate on event fields never sees the snapshot, which has none.
    assertEquals(
        "r1",
        StreamAssertions.data(r.await(e -> e.getString("event") != null, SHORT))
            .getString("requestId"));
  }

  @Test
  void awaitTerminalWakesWhenTheEndArrives() throws Exception {
    Recording r = new Recording();
    r.record(snapshot(0), 1);
    CompletableFuture<JsonObject> end =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return r.awaitTerminal("r2", LONG);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    r.record(TestServer.json(event(1, "end", "r1")), 2);
    r.record(TestServer.json(batch(event(2, "start", "r2"), event(3, "error", "r2"))), 3);
    assertEquals(3, end.get(10, TimeUnit.SECONDS).getInt("seq"));
  }

  @Test
  void awaitFailsAsSoonAsTheSocketEndedWithoutAMatch() throws Exception {
    Recording r = new Recording();
    r.record(TestServer.json(event(1, "end", "r1")), 1);
    r.ended(1008, "no such goal");
    assertEquals(1, r.awaitTerminal("r1", LONG).getInt("seq"), "a match that came before");
    AssertionError e =
        assertTimeoutPreemptively(
            SHORT, () -> assertThrows(AssertionError.class, () -> r.awaitTerminal("r2", LONG)));
    assertTrue(e.getMessage().contains("1008 no such goal"), e.getMessage());
  }

  @Test
  void awaitFailsAfterItsTimeout() {
    Recording r = new Recording();
    AssertionError e =
        assertThrows(AssertionError.class, () -> r.await(m -> true, Duration.ofMillis(20)));
    assertTrue(e.getMessage().startsWith("no match within"), e.getMessage());
  }

  @Test
  void subscribedIsTheFirstFrameOrTheEnd() throws Exception {
    Recording framed = new Recording();
    CompletableFuture<Void> waiting =
        CompletableFuture.runAsync(() -> framed.awaitSubscribed(LONG));
    framed.record(snapshot(0), 1);
    waiting.get(10, TimeUnit.SECONDS);

    Recording closed = new Recording();
    waiting = CompletableFuture.runAsync(() -> closed.awaitSubscribed(LONG));
    closed.ended(1013, "too many connections for this principal");
    waiting.get(10, TimeUnit.SECONDS);

    assertThrows(
        AssertionError.class, () -> new Recording().awaitSubscribed(Duration.ofMillis(20)));
  }

  @Test
  void theCloseKeepsItsFirstCodeAndReason() {
    Recording r = new Recording();
    assertNull(r.closeCode(), "open");
    r.closed().complete(5); // a copy: callers cannot end the recording
    assertNull(r.closeCode());
    r.ended(1001, "server stopping");
    r.ended(-1, null);
    assertEquals(1001, r.closeCode());
    assertEquals(1001, r.awaitClose(SHORT));
    assertEquals("server stopping", r.closeReason());
    assertEquals(1001, r.closed().join());
  }

  @Test
  void aFailedSocketHasNoCloseCode() {
    Recording r = new Recording();
    r.failed(new java.io.IOException("reset"));
    assertNull(r.closeCode());
    assertTrue(r.closed().isCompletedExceptionally());
    AssertionError e = assertThrows(AssertionError.class, () -> r.awaitClose(SHORT));
    assertTrue(e.getMessage().contains("reset"), e.getMessage());
  }

  @Test
  void awaitCloseFailsWhileOpen() {
    Recording r = new Recording();
    assertThrows(AssertionError.class, () -> r.awaitClose(Duration.ofMillis(20)));
    r.ended(1000, "done");
    assertEquals(1000, r.awaitClose(SHORT), "the wait that timed out did not end it");
  }
}
