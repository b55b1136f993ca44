package io.ponybunny.testing;

import static io.ponybunny.testing.FakeWsServer.close;
import static io.ponybunny.testing.FakeWsServer.text;
import static io.ponybunny.testing.WsRecordingTest.batch;
import static io.ponybunny.testing.WsRecordingTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WsClientTest {

  private static final String SNAPSHOT =
      "{\"type\":\"snapshot\",\"epoch\":\"e1\",\"seq\":0,\"streams\":[]}";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static List<Integer> seqs(List<JsonObject> events) {
    return events.stream().map(e -> e.getInt("seq")).toList();
  }

  /** Connects {@code connector}, upgrades with the snapshot and waits for it. */
  private static WsClient connected(FakeWsServer server, WsClient.Connector connector)
      throws Exception {
    CompletableFuture<WsClient> connecting = connector.connect();
    server.accept();
    server.upgrade(text(SNAPSHOT));
    WsClient c = connecting.get(10, TimeUnit.SECONDS);
    c.awaitFirst(WAIT);
    return c;
  }

  @Test
  void dropsTheConnectionAfterTheFrameThatReachesTheEvents() throws Exception {
    try (FakeWsServer server = new FakeWsServer()) {
      WsClient c =
          connected(server, WsClient.to(server.uri("/ws/goals/g1")).as(null).dropAfterEvents(2));
      server.send(
          text(event(1, "start", "r1")),
          text(batch(event(2, "chunk", "r1"), event(3, "chunk", "r1"))),
          text(event(4, "end", "r1")));
      assertEquals(-1, c.awaitClose(WAIT));
      assertEquals(List.of(1, 2, 3), seqs(c.events()), "nothing after the frame that dropped it");
    }
  }

  @Test
  void lazyKeepsOnlyFramesWithAnEndEvent() throws Exception {
    try (FakeWsServer server = new FakeWsServer();
        WsClient c = connected(server, WsClient.to(server.uri("/ws/goals/g1")).as(null))) {
      c.lazy();
      server.send(
          text(event(1, "start", "r1")),
          text(event(2, "chunk", "r1")),
          text(batch(event(3, "chunk", "r1"), event(4, "end", "r1"))));
      assertEquals(4, c.awaitTerminal("r1", WAIT).getInt("seq"));
      assertEquals(List.of(3, 4), seqs(c.events()));
    }
  }

  @Test
  void theServersCloseEndsItWithItsCodeAndReason() throws Exception {
    try (FakeWsServer server = new FakeWsServer();
        WsClient c = connected(server, WsClient.to(server.uri("/ws/goals/g1")).as(null))) {
      server.send(close(1008, "no such goal"));
      assertEquals(1008, c.awaitClose(WAIT));
      assertEquals("no such goal", c.closeReason());
      assertEquals(1008, c.closeCode());
    }
  }

  @Test
  void anAttemptSendsItsHeadersAndGivesTheStatusOfARefusal() throws Exception {
    try (FakeWsServer server = new FakeWsServer()) {
      CompletableFuture<WsClient.Attempt> attempt =
          CompletableFuture.supplyAsync(
              () ->
                  WsClient.to(server.uri("/ws/streams"))
                      .as("Bearer sk-FAKE-not-a-key")
                      .origin("http://evil.example")
                      .attempt());
      String head = server.accept();
      server.refuse(403);
      WsClient.Attempt refused = attempt.get(10, TimeUnit.SECONDS);
      assertEquals(403, refused.status());
      assertNull(refused.socket());
      assertTrue(head.startsWith("GET /ws/streams HTTP/1.1\r\n"), head);
      assertTrue(head.matches("(?is).*\r\nAuthorization: Bearer sk-FAKE-not-a-key\r\n.*"), head);
      assertTrue(head.matches("(?is).*\r\nOrigin: http://evil\\.example\r\n.*"), head);
    }
  }

  @Test
  void withoutAnAuthorizationTheHandshakeHasNone() throws Exception {
    try (FakeWsServer server = new FakeWsServer()) {
      CompletableFuture<WsClient> connecting =
          WsClient.to(server.uri("/ws/streams")).as(null).connect();
      String head = server.accept();
      server.refuse(401);
      assertFalse(head.toLowerCase().contains("authorization"), head);
      assertTrue(
          connecting.handle((c, e) -> e).get(10, TimeUnit.SECONDS).getCause()
              instanceof java.net.http.WebSocketHandshakeException);
    }
  }
}
