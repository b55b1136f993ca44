package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ponybunny.testing.TestServer;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The handshake refuses a foreign {@code Origin} (403, before {@code @OnOpen}) and accepts the same
 * origin; an inbound message over 16 KiB closes with 1009, too many inbound messages with 1008, and
 * a malformed resume point with 1008.
 */
class HandshakeAndInboundIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static WebSocket connect(String path, String origin) {
    WebSocket.Builder b =
        TestServer.http()
            .newWebSocketBuilder()
            .header("Authorization", TestServer.authorization())
            .connectTimeout(WAIT);
    if (origin != null) {
      b.header("Origin", origin);
    }
    return b.buildAsync(URI.create(TestServer.WS + path), new WebSocket.Listener() {})
        .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
        .join();
  }

  @Test
  void aForeignOriginIsRefusedAtTheHandshake() {
    for (String path : new String[] {"/ws/streams", "/ws/goals/origin-check"}) {
      CompletionException e =
          assertThrows(CompletionException.class, () -> connect(path, "http://evil.example"));
      WebSocketHandshakeException refused =
          assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
      assertEquals(403, refused.getResponse().statusCode());
    }
  }

  @Test
  void theSameOriginIsAccepted() {
    WebSocket ws = connect("/ws/goals/origin-ok", "http://localhost:" + TestServer.PORT);
    ws.abort();
  }

  @Test
  void anOversizedInboundMessageClosesWith1009() throws Exception {
    ChannelClient c = ChannelClient.open("/ws/goals/inbound-big");
    try {
      c.awaitFirst(WAIT);
      c.socket().sendText("x".repeat(16 * 1024 + 1), true).get(10, TimeUnit.SECONDS);
      assertEquals(1009, c.closed().get(10, TimeUnit.SECONDS));
    } finally {
      c.close();
    }
  }

  @Test
  void tooManyInboundMessagesCloseWith1008() throws Exception {
    ChannelClient c = ChannelClient.open("/ws/streams");
    try {
      c.awaitFirst(WAIT);
      for (int i = 0; i < 30 && !c.closed().isDone(); i++) {
        c.socket().sendText("ping " + i, true).get(10, TimeUnit.SECONDS);
      }
      assertEquals(1008, c.closed().get(10, TimeUnit.SECONDS));
      assertEquals("too many messages", c.closeReason());
    } finally {
      c.close();
    }
  }

  @Test
  void aMalformedResumePointClosesWith1008() throws Exception {
    for (String query : new String[] {"?since=abc&epoch=e", "?since=5", "?epoch=e&since=-1"}) {
      ChannelClient c = ChannelClient.open("/ws/goals/bad-resume" + query);
      try {
        assertEquals(1008, c.closed().get(10, TimeUnit.SECONDS));
      } finally {
        c.close();
      }
    }
  }
}
