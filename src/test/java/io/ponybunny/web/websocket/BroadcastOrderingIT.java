package io.ponybunny.web.websocket;

import static io.ponybunny.testing.StreamAssertions.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.ChannelCheck;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ordering under load and isolation: 50 concurrent simulator streams across 10 goals (at least 10k
 * chunks), 10 subscribers per goal. Every subscriber sees a gapless seq, per request start, chunks
 * 0..n-1 and one terminal event, only its own goal's frames, and each stream's exact text.
 */
class BroadcastOrderingIT {

  private static final int GOALS = 10;
  private static final int SUBSCRIBERS = 10;
  private static final int STREAMS_PER_GOAL = 5;
  private static final int TOKENS = 220;
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void fiftyConcurrentStreamsArriveInOrderOnlyOnTheirGoal() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> goals = new ArrayList<>();
    List<CompletableFuture<WsClient>> opening = new ArrayList<>();
    for (int g = 0; g < GOALS; g++) {
      String goal = "order-" + run + "-" + g;
      goals.add(goal);
      for (int s = 0; s < SUBSCRIBERS; s++) {
        opening.add(WsClient.to("/ws/goals/" + goal).connect());
      }
    }
    List<WsClient> clients = new ArrayList<>();
    for (CompletableFuture<WsClient> f : opening) {
      clients.add(f.get(60, TimeUnit.SECONDS));
    }
    try {
      for (WsClient c : clients) {
        c.awaitFirst(WAIT); // subscribed: the snapshot arrived
      }
      List<CompletableFuture<JsonObject>> calls = new ArrayList<>();
      for (int i = 0; i < GOALS * STREAMS_PER_GOAL; i++) {
        calls.add(
            TestServer.complete(
                goals.get(i % GOALS),
                "sim/load~tokens=" + TOKENS + "~tps=0",
                "Ordering under load, stream " + i));
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);

      int chunks = 0;
      for (int i = 0; i < calls.size(); i++) {
        JsonObject result = calls.get(i).join();
        String goal = goals.get(i % GOALS);
        String requestId = result.getString("requestId");
        for (int s = 0; s < SUBSCRIBERS; s++) {
          WsClient c = clients.get(goals.indexOf(goal) * SUBSCRIBERS + s);
          JsonObject end = c.awaitTerminal(requestId, WAIT);
          assertEquals("llm.stream.end", end.getString("event"));
        }
        chunks +=
            data(clients.get(goals.indexOf(goal) * SUBSCRIBERS).awaitTerminal(requestId, WAIT))
                .getInt("totalChunks");
      }
      assertTrue(chunks >= 10_000, "at least 10k chunks, got " + chunks);

      for (int g = 0; g < GOALS; g++) {
        for (int s = 0; s < SUBSCRIBERS; s++) {
          WsClient c = clients.get(g * SUBSCRIBERS + s);
          ChannelCheck check = new ChannelCheck();
          check.all(c.messages(), goals.get(g)); // includes isolation: goalId on every frame
          for (int i = g; i < calls.size(); i += GOALS) {
            JsonObject result = calls.get(i).join();
            String requestId = result.getString("requestId");
            check.assertComplete(requestId, result.getString("content"));
            assertEquals(
                check.nextIndex.get(requestId),
                data(check.terminal.get(requestId)).getInt("totalChunks"));
          }
          assertEquals(STREAMS_PER_GOAL, check.terminated.size(), "only this goal's streams");
        }
      }
    } finally {
      clients.forEach(WsClient::close);
    }
  }
}
