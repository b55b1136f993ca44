package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is closed with 4008 "slow consumer" once its queue passes the bound
 * (1 MiB), within 5 s of falling behind, while the other clients of the goal get every stream
 * complete.
 */
class SlowConsumerIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int STREAMS = 12;

  @Test
  void aClientThatStopsReadingIsClosedWith4008AndOthersComplete() throws Exception {
    String goal = "slow-" + UUID.randomUUID();
    ChannelClient slow = ChannelClient.open("/ws/goals/" + goal);
    List<ChannelClient> others = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      others.add(ChannelClient.open("/ws/goals/" + goal));
    }
    try {
      slow.awaitFirst(WAIT);
      for (ChannelClient c : others) {
        c.awaitFirst(WAIT);
      }
      slow.pause();
      long stoppedAt = System.currentTimeMillis();
      // Long words make big chunks: ~1 MB of text per stream (the broadcast bound per stream).
      String word = "w".repeat(2_000);
      String prompt = String.join(" ", List.of(word, word, word, word, word, word, word, word));
      List<CompletableFuture<JsonObject>> calls = new ArrayList<>();
      for (int i = 0; i < STREAMS; i++) {
        calls.add(ChannelClient.complete(goal, "sim/slow~tokens=2000~tps=0", prompt + " " + i));
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      for (CompletableFuture<JsonObject> call : calls) {
        String requestId = call.join().getString("requestId");
        for (ChannelClient c : others) {
          c.awaitTerminal(requestId, WAIT);
        }
      }
      slow.resume(); // read what the kernel buffered, then the close frame
      assertEquals(4008, slow.closed().get(30, TimeUnit.SECONDS));
      assertEquals("slow consumer", slow.closeReason());
      List<JsonObject> got = slow.events();
      long lastSent =
          got.isEmpty()
              ? stoppedAt
              : last(got).getJsonObject("data").getJsonNumber("timestamp").longValue();
      assertTrue(
          lastSent - stoppedAt < 5_000,
          "closed within 5 s of falling behind: " + (lastSent - stoppedAt) + " ms");
      assertFalse(
          got.stream().filter(ChannelClient::isTerminal).count() == STREAMS,
          "the slow client did not get everything");
      for (ChannelClient c : others) {
        assertFalse(c.closed().isDone(), "the others stay connected");
      }
    } finally {
      slow.close();
      others.forEach(ChannelClient::close);
    }
  }

  private static JsonObject last(List<JsonObject> events) {
    return events.get(events.size() - 1);
  }
}
