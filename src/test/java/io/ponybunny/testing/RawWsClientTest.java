package io.ponybunny.testing;

import static io.ponybunny.testing.FakeWsServer.close;
import static io.ponybunny.testing.FakeWsServer.frame;
import static io.ponybunny.testing.FakeWsServer.text;
import static io.ponybunny.testing.WsRecordingTest.batch;
import static io.ponybunny.testing.WsRecordingTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RawWsClientTest {

  private static final String AUTHORIZATION = "Bearer sk-FAKE-not-a-key";
  private static final String SNAPSHOT =
      "{\"type\":\"snapshot\",\"epoch\":\"e1\",\"seq\":0,\"streams\":[]}";
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Runs the server's side of a handshake while the client's blocks. */
  private static CompletableFuture<String> serve(FakeWsServer server, byte[]... frames) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            String head = server.accept();
            server.upgrade(frames);
            return head;
          } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  @Test
  void readsFramesThatCameWithThe101AndJoinsFragmentsUntilTheCloseFrame() throws Exception {
    String start = event(1, "start", "r1");
    try (FakeWsServer server = new FakeWsServer()) {
      CompletableFuture<String> head =
          serve(
              server,
              text(SNAPSHOT),
              frame(1, false, start.substring(0, 20).getBytes(StandardCharsets.UTF_8)),
              frame(0, true, start.substring(20).getBytes(StandardCharsets.UTF_8)),
              text(batch(event(2, "chunk", "r1"), event(3, "end", "r1"))));
      try (RawWsClient c = RawWsClient.open(server.address(), AUTHORIZATION, "/ws/goals/g1")) {
        String request = head.get(10, TimeUnit.SECONDS);
        assertTrue(request.startsWith("GET /ws/goals/g1 HTTP/1.1\r\n"), request);
        assertTrue(request.contains("\r\nAuthorization: " + AUTHORIZATION + "\r\n"), request);

        assertEquals(3, c.awaitTerminal("r1", WAIT).getInt("seq"));
        assertEquals("snapshot", c.awaitFirst(WAIT).getString("type"));
        assertEquals(
            List.of("llm.stream.start", "llm.stream.chunk", "llm.stream.end"),
            c.events().stream().map(e -> e.getString("event")).toList());
        assertEquals(3, c.frames().size(), "the fragments are one message");

        server.send(close(4008, "slow consumer"));
        assertEquals(4008, c.awaitClose(WAIT));
        assertEquals("slow consumer", c.closeReason());
      }
    }
  }

  @Test
  void aLinkDroppedWithoutACloseFrameFailsTheWaitersAtOnce() throws Exception {
    try (FakeWsServer server = new FakeWsServer()) {
      CompletableFuture<String> head = serve(server, text(SNAPSHOT));
      try (RawWsClient c = RawWsClient.open(server.address(), AUTHORIZATION, "/ws/streams")) {
        head.get(10, TimeUnit.SECONDS);
        c.awaitFirst(WAIT);
        server.drop();
        assertTimeoutPreemptively(
            WAIT,
            () ->
                assertThrows(
                    AssertionError.class, () -> c.awaitTerminal("r1", Duration.ofMinutes(1))));
      }
    }
  }

  @Test
  void stoppedReadsTheSnapshotThenNothingUntilItDrains() throws Exception {
    try (FakeWsServer server = new FakeWsServer()) {
      CompletableFuture<String> head = serve(server, text(SNAPSHOT));
      try (RawWsClient c =
          RawWsClient.openAndStopReading(server.address(), AUTHORIZATION, "/ws/goals/g1")) {
        head.get(10, TimeUnit.SECONDS);
        assertEquals(1, c.messages().size(), "the snapshot, read before it returned");
        long atSnapshot = c.textBytes();
        assertEquals(SNAPSHOT.length(), atSnapshot);
        String chunk = event(1, "chunk", "r1");
        server.send(text(chunk), text(chunk), close(4008, "slow consumer"));
        assertEquals(1, c.messages().size(), "nothing read until drain");

        assertEquals(4008, c.drain());
        assertEquals("slow consumer", c.closeReason());
        assertEquals(2, c.events().size());
        assertEquals(atSnapshot + 2 * chunk.length(), c.textBytes());
      }
    }
  }

  @Test
  void drainIsMinusOneWhenTheLinkIsDroppedWithoutACloseFrame() throws Exception {
    try (FakeWsServer server = new FakeWsServer()) {
      CompletableFuture<String> head = serve(server, text(SNAPSHOT));
      try (RawWsClient c =
          RawWsClient.openAndStopReading(server.address(), AUTHORIZATION, "/ws/goals/g1")) {
        head.get(10, TimeUnit.SECONDS);
        server.send(text(event(1, "start", "r1")));
        server.drop();
        assertEquals(-1, c.drain());
        assertEquals(1, c.events().size());
        assertEquals(-1, c.closeCode());
      }
    }
  }

  @Test
  void aRefusedHandshakeFailsTheOpen() throws Exception {
    try (FakeWsServer server = new FakeWsServer()) {
      CompletableFuture<Void> refusing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  server.accept();
                  server.refuse(401);
                } catch (java.io.IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      UncheckedIOException e =
          assertThrows(
              UncheckedIOException.class,
              () -> RawWsClient.open(server.address(), AUTHORIZATION, "/ws/streams"));
      assertTrue(e.getMessage().contains(" 401 "), e.getMessage());
      refusing.get(10, TimeUnit.SECONDS);
    }
  }
}
