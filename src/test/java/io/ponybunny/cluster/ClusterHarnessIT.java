package io.ponybunny.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ponybunny.testing.ClusterNodes;
import io.ponybunny.testing.Haproxy;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster harness itself: three servers of the build (node1..node3, one PostgreSQL database,
 * one Redis) behind HAProxy. Authenticated requests through HAProxy reach every node with one API
 * key (made through HAProxy, so on any node), a WebSocket opens through it, and while a node is
 * killed every request through HAProxy still succeeds; the node starts again and gets requests
 * again.
 */
class ClusterHarnessIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static Haproxy haproxy;

  @BeforeAll
  static void startHaproxy() {
    haproxy = ClusterNodes.startHaproxy();
  }

  @AfterAll
  static void stopHaproxy() {
    if (haproxy != null) {
      haproxy.close();
    }
  }

  @Test
  void requestsThroughHaproxyReachEveryNode() {
    Map<String, Integer> served = served(30);
    assertEquals(allNodes(), List.copyOf(served.keySet()), served.toString());
  }

  @Test
  void aWebSocketOpensThroughHaproxy() {
    try (WsClient socket = ClusterNodes.lb().socket("/ws/streams").open()) {
      assertNull(socket.closeCode(), "the socket was subscribed, not closed");
      assertFalse(socket.frames().isEmpty(), "its snapshot arrived");
    }
  }

  @Test
  void requestsThroughHaproxySucceedWhileANodeIsKilledAndReachItOnceItIsBack() {
    ClusterNodes.kill9(2);
    try {
      // Before HAProxy's checks notice, a refused connection is tried on another node.
      Map<String, Integer> served = served(30);
      assertEquals(List.of("node1", "node3"), List.copyOf(served.keySet()), served.toString());
      haproxy.awaitState("node2", "DOWN", WAIT);
    } finally {
      ClusterNodes.start(2);
    }
    haproxy.awaitState("node2", "UP", WAIT);
    assertEquals(allNodes(), List.copyOf(served(30).keySet()));
  }

  /** Sends {@code n} authenticated requests through HAProxy; counts the 200s by node. */
  private static Map<String, Integer> served(int n) {
    TestServer.Api lb = ClusterNodes.lb();
    Map<String, Integer> served = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = lb.get("/api/goals?size=1");
      assertEquals(200, r.statusCode(), r.body());
      served.merge(r.headers().firstValue(Haproxy.SERVED_BY).orElse("none"), 1, Integer::sum);
    }
    return served;
  }

  private static List<String> allNodes() {
    List<String> names = new ArrayList<>();
    ClusterNodes.numbers().forEach(n -> names.add(ClusterNodes.name(n)));
    return names;
  }
}
