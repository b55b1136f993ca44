package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.Principals;
import io.ponybunny.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The socket limits over real sockets, with the server's defaults: a principal's 101st socket is
 * closed with 1013 until one of its sockets closes; a goal id that names no goal is closed with
 * 1008.
 */
class SocketLimitsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The IT server's ponybunny.ws.max-connections-per-principal. */
  private static final int PER_PRINCIPAL =
      Integer.getInteger("it.ws.max-connections-per-principal", 100);

  /** {@code Bearer <key>} of a new viewer account. */
  private static String newViewer() {
    return Principals.create("limits", "viewer").bearer();
  }

  @Test
  void aPrincipalsSocketOverItsLimitIsClosedWith1013UntilOneCloses() throws Exception {
    String bearer = newViewer();
    List<WsClient> open = new ArrayList<>();
    try {
      List<CompletableFuture<WsClient>> opening = new ArrayList<>();
      for (int i = 0; i < PER_PRINCIPAL; i++) {
        opening.add(WsClient.to("/ws/streams").as(bearer).connect());
      }
      for (CompletableFuture<WsClient> f : opening) {
        WsClient c = f.join();
        open.add(c);
        c.awaitFirst(WAIT); // registered: its place is taken
      }
      WsClient over = WsClient.to("/ws/streams").as(bearer).connect().join();
      assertEquals(1013, over.awaitClose(Duration.ofSeconds(30)));
      assertEquals("too many connections for this principal", over.closeReason());
      WsClient others = WsClient.to("/ws/streams").connect().join();
      others.awaitFirst(WAIT);
      others.close();

      WsClient leaving = open.remove(0);
      leaving.close(); // sends its close and aborts: the server sees the socket go
      long deadline = System.nanoTime() + WAIT.toNanos();
      WsClient again;
      do { // the server counts the close back when its close callback has run
        again = WsClient.to("/ws/streams").as(bearer).connect().join();
        try {
          again.awaitFirst(Duration.ofSeconds(2));
          break;
        } catch (AssertionError | RuntimeException refused) {
          again.close();
        }
      } while (System.nanoTime() < deadline);
      open.add(again);
      assertTrue(again.closed().getNow(null) == null, "admitted once a socket closed");
    } finally {
      open.forEach(WsClient::close);
    }
  }

  @Test
  void aGoalIdThatNamesNoGoalIsClosedWith1008() throws Exception {
    String missing = "g_" + UUID.randomUUID().toString().replace("-", "");
    WsClient c = WsClient.to("/ws/goals/" + missing).connect().join();
    assertEquals(1008, c.awaitClose(Duration.ofSeconds(30)));
    assertEquals("no such goal", c.closeReason());
  }
}
