package io.ponybunny.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.ClusterNodes;
import io.ponybunny.testing.Eventually;
import io.ponybunny.testing.RawWsClient;
import io.ponybunny.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis goes away under a running stream, for 10 s (an outage) or for a moment (a restart); it
 * keeps no data. The stream keeps going on its instance and its caller gets the whole answer;
 * readiness is down on every instance while Redis is; the other instances' subscribers are closed
 * with 1012 once Redis is back (the channel's history is gone) and their resume gets a snapshot
 * with {@code recovered:false}; new streams are broadcast across the instances again; the instances
 * run the same Redis threads as before.
 */
class ClusterRedisOutageIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int LETTUCE_THREADS_AT_MOST =
      2 * Runtime.getRuntime().availableProcessors() + 2;

  @ParameterizedTest
  @ValueSource(strings = {"outage", "restart"})
  void streamsKeepGoingAndSubscribersResumeAfterRedisComesBack(String kind) throws Exception {
    String goal = "redis-" + kind + "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<Integer, List<String>> logThreads = new HashMap<>();
    for (int n : ClusterNodes.numbers()) {
      logThreads.put(n, ClusterNodes.threads(n, "pb-redis-log"));
    }
    List<WsClient> watchers = new ArrayList<>();
    List<RawWsClient> resumed = new ArrayList<>();
    try {
      for (int n : List.of(2, 3)) {
        WsClient w = ClusterNodes.node(n).socket("/ws/goals/" + goal).open();
        w.awaitFirst(WAIT);
        watchers.add(w);
      }
      CompletableFuture<JsonObject> call =
          ClusterNodes.node(1).complete(goal, "sim/outage~tokens=300~tps=25", "Keep going");
      watchers.get(0).await(e -> "llm.stream.chunk".equals(e.getString("event")), WAIT);

      if (kind.equals("outage")) {
        long down = System.nanoTime();
        ClusterNodes.redis("stop");
        for (int n : ClusterNodes.numbers()) {
          int node = n;
          Eventually.until(() -> readiness(node), s -> s == 503, WAIT);
        }
        long left = Duration.ofSeconds(10).toMillis() - (System.nanoTime() - down) / 1_000_000;
        if (left > 0) {
          Thread.sleep(left); // the outage itself lasts 10 s
        }
        ClusterNodes.redis("start");
      } else {
        ClusterNodes.redis("restart");
      }

      JsonObject answer = call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals("stop", answer.getString("finishReason"), answer.toString());
      assertEquals(300, answer.getInt("outputTokens"), "the whole answer, made during the outage");
      for (int n : ClusterNodes.numbers()) {
        int node = n;
        Eventually.until(() -> readiness(node), s -> s == 200, WAIT);
      }
      for (WsClient w : watchers) {
        assertEquals(1012, w.awaitClose(WAIT), "history lost: " + w.closeReason());
        List<JsonObject> seen = w.events();
        JsonObject last = seen.get(seen.size() - 1);
        RawWsClient again =
            ClusterNodes.node(2)
                .rawSocket(
                    "/ws/goals/"
                        + goal
                        + "?epoch="
                        + last.getString("epoch")
                        + "&since="
                        + last.getJsonNumber("seq").longValue());
        resumed.add(again);
        JsonObject first = again.awaitFirst(WAIT);
        assertEquals("snapshot", first.getString("type"));
        assertFalse(first.getBoolean("recovered"));
      }

      // broadcast across the instances works again
      try (WsClient fresh = ClusterNodes.node(3).socket("/ws/goals/" + goal).open()) {
        fresh.awaitFirst(WAIT);
        JsonObject after =
            ClusterNodes.node(1)
                .complete(goal, "sim/after~tokens=20~tps=0", "After Redis came back")
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonObject end = fresh.awaitTerminal(after.getString("requestId"), WAIT);
        assertEquals("llm.stream.end", end.getString("event"));
      }
      for (int n : ClusterNodes.numbers()) {
        assertEquals(logThreads.get(n), ClusterNodes.threads(n, "pb-redis-log"), "node" + n);
        int lettuce = ClusterNodes.threads(n, "lettuce").size();
        assertTrue(lettuce <= LETTUCE_THREADS_AT_MOST, "node" + n + ": " + lettuce);
      }
    } finally {
      ClusterNodes.redis("start"); // running again whatever happened
      watchers.forEach(WsClient::close);
      resumed.forEach(RawWsClient::close);
    }
  }

  private static int readiness(int node) {
    return ClusterNodes.node(node).get("/health/ready").statusCode();
  }
}
