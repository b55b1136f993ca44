package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.Principals;
import io.ponybunny.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    List<ChannelClient> open = new ArrayList<>();
    try {
      List<CompletableFuture<ChannelClient>> opening = new ArrayList<>();
      for (int i = 0; i < PER_PRINCIPAL; i++) {
        opening.add(ChannelClient.openAs("/ws/streams", bearer));
      }
      for (CompletableFuture<ChannelClient> f : opening) {
        ChannelClient c = f.join();
        open.add(c);
        c.awaitFirst(WAIT); // registered: its place is taken
      }
      ChannelClient over = ChannelClient.openAs("/ws/streams", bearer).join();
      assertEquals(1013, over.closed().get(30, TimeUnit.SECONDS));
      assertEquals("too many connections for this principal", over.closeReason());
      ChannelClient others = ChannelClient.openAs("/ws/streams", TestServer.authorization()).join();
      others.awaitFirst(WAIT);
      others.close();

      ChannelClient leaving = open.remove(0);
      leaving.close(); // sends its close and aborts: the server sees the socket go
      long deadline = System.nanoTime() + WAIT.toNanos();
      ChannelClient again;
      do { // the server counts the close back when its close callback has run
        again = ChannelClient.openAs("/ws/streams", bearer).join();
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
      open.forEach(ChannelClient::close);
    }
  }

  @Test
  void aGoalIdThatNamesNoGoalIsClosedWith1008() throws Exception {
    String missing = "g_" + UUID.randomUUID().toString().replace("-", "");
    ChannelClient c =
        ChannelClient.openAs("/ws/goals/" + missing, TestServer.authorization()).join();
    assertEquals(1008, c.closed().get(30, TimeUnit.SECONDS));
    assertEquals("no such goal", c.closeReason());
  }
}
