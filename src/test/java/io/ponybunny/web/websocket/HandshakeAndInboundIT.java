package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The handshake refuses a foreign {@code Origin} (403, before {@code @OnOpen}) and accepts the same
 * origin; an inbound message over 16 KiB closes with 1009, too many inbound messages with 1008, and
 * a malformed resume point with 1008.
 */
class HandshakeAndInboundIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aForeignOriginIsRefusedAtTheHandshake() {
    for (String path : new String[] {"/ws/streams", "/ws/goals/origin-check"}) {
      assertEquals(403, WsClient.to(path).origin("http://evil.example").attempt().status());
    }
  }

  @Test
  void theSameOriginIsAccepted() {
    WsClient.to("/ws/goals/origin-ok")
        .origin("http://localhost:" + TestServer.PORT)
        .connect()
        .join()
        .close();
  }

  @Test
  void anOversizedInboundMessageClosesWith1009() throws Exception {
    WsClient c = WsClient.to("/ws/goals/inbound-big").connect().join();
    try {
      c.awaitFirst(WAIT);
      c.socket().sendText("x".repeat(16 * 1024 + 1), true).get(10, TimeUnit.SECONDS);
      assertEquals(1009, c.awaitClose(Duration.ofSeconds(10)));
    } finally {
      c.close();
    }
  }

  @Test
  void tooManyInboundMessagesCloseWith1008() throws Exception {
    WsClient c = WsClient.to("/ws/streams").connect().join();
    try {
      c.awaitFirst(WAIT);
      for (int i = 0; i < 30 && !c.closed().isDone(); i++) {
        c.socket().sendText("ping " + i, true).get(10, TimeUnit.SECONDS);
      }
      assertEquals(1008, c.awaitClose(Duration.ofSeconds(10)));
      assertEquals("too many messages", c.closeReason());
    } finally {
      c.close();
    }
  }

  @Test
  void aMalformedResumePointClosesWith1008() throws Exception {
    for (String query : new String[] {"?since=abc&epoch=e", "?since=5", "?epoch=e&since=-1"}) {
      WsClient c = WsClient.to("/ws/goals/bad-resume" + query).connect().join();
      try {
        assertEquals(1008, c.awaitClose(Duration.ofSeconds(10)));
      } finally {
        c.close();
      }
    }
  }
}
