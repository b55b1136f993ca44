package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.ChannelCheck;
import io.ponybunny.testing.RawWsClient;
import io.ponybunny.testing.StreamAssertions;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Resume, 200 trials: a client drops at a random point of a stream and reconnects with {@code
 * ?epoch=&since=}; it gets the missed events replayed, then live ones: nothing lost, nothing
 * duplicated. An unknown epoch or an evicted {@code since} gives a snapshot with {@code
 * recovered:false}.
 */
class ResumeIT {

  private static final int STREAMS = 20;
  private static final int TRIALS_PER_STREAM = 10;
  private static final int TOKENS = 120;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void droppedClientsResumeWithoutLossOrDuplicates() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Random random = new Random(77L);
    List<WsClient> all = new ArrayList<>();
    List<RawWsClient> resumedClients = new ArrayList<>();
    // Reconnects run off the first clients' listener threads, on plain sockets (see
    // RawWsClient for why).
    ExecutorService reconnects = Executors.newFixedThreadPool(8);
    try {
      List<String> goals = new ArrayList<>();
      List<List<WsClient>> first = new ArrayList<>();
      for (int s = 0; s < STREAMS; s++) {
        String goal = "resume-" + run + "-" + s;
        goals.add(goal);
        List<WsClient> clients = new ArrayList<>();
        for (int t = 0; t < TRIALS_PER_STREAM; t++) {
          // Drop after 1..TOKENS+1 events: anywhere from the start to just before the end.
          WsClient c =
              WsClient.to("/ws/goals/" + goal)
                  .dropAfterEvents(2 + random.nextInt(TOKENS))
                  .connect()
                  .join();
          c.awaitFirst(WAIT);
          clients.add(c);
          all.add(c);
        }
        first.add(clients);
      }
      List<CompletableFuture<JsonObject>> calls = new ArrayList<>();
      for (int s = 0; s < STREAMS; s++) {
        calls.add(
            TestServer.complete(
                goals.get(s), "sim/resume~tokens=" + TOKENS + "~tps=400", "Resume stream " + s));
      }
      List<List<CompletableFuture<RawWsClient>>> second = new ArrayList<>();
      for (int s = 0; s < STREAMS; s++) {
        List<CompletableFuture<RawWsClient>> again = new ArrayList<>();
        String goal = goals.get(s);
        for (WsClient c : first.get(s)) {
          again.add(
              c.closed()
                  .thenApplyAsync(
                      code -> {
                        List<JsonObject> got = c.events();
                        JsonObject last = got.get(got.size() - 1);
                        return RawWsClient.open(
                            "/ws/goals/"
                                + goal
                                + "?epoch="
                                + last.getString("epoch")
                                + "&since="
                                + last.getJsonNumber("seq").longValue());
                      },
                      reconnects));
        }
        second.add(again);
      }
      for (int s = 0; s < STREAMS; s++) {
        JsonObject result = calls.get(s).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String requestId = result.getString("requestId");
        for (int t = 0; t < TRIALS_PER_STREAM; t++) {
          WsClient before = first.get(s).get(t);
          RawWsClient after = second.get(s).get(t).get(WAIT.toSeconds(), TimeUnit.SECONDS);
          resumedClients.add(after);
          boolean endedBefore = before.events().stream().anyMatch(StreamAssertions::isTerminal);
          if (!endedBefore) {
            after.awaitTerminal(requestId, WAIT);
          }
          List<JsonObject> resumed = after.messages();
          assertTrue(
              resumed.stream().allMatch(m -> "event".equals(m.getString("type"))),
              "replayed, not a snapshot");
          ChannelCheck check = new ChannelCheck();
          check.all(before.messages(), goals.get(s));
          check.events(resumed, goals.get(s)); // gapless across the reconnect: no loss, no dup
          check.assertComplete(requestId, result.getString("content"));
        }
      }
    } finally {
      all.forEach(WsClient::close);
      resumedClients.forEach(RawWsClient::close);
      reconnects.shutdownNow();
    }
  }

  @Test
  void anUnknownEpochGivesASnapshotNotRecovered() throws Exception {
    String goal = "resume-epoch-" + UUID.randomUUID();
    WsClient c = WsClient.to("/ws/goals/" + goal + "?epoch=not-this-run&since=3").connect().join();
    try {
      JsonObject snap = c.awaitFirst(WAIT);
      assertEquals("snapshot", snap.getString("type"));
      assertFalse(snap.getBoolean("recovered"));
    } finally {
      c.close();
    }
  }

  @Test
  void anEvictedSinceGivesASnapshotNotRecoveredAndARecentOneReplays() throws Exception {
    String goal = "resume-evicted-" + UUID.randomUUID();
    // More events than the replay buffer holds (10 000 by default).
    JsonObject result =
        TestServer.complete(goal, "sim/evict~tokens=10050~tps=0", "Evict the buffer")
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    // The HTTP answer can overtake the delivery of the stream's last events: take snapshots
    // until the channel has sequenced the end event.
    JsonObject now = null;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (now == null) {
      WsClient fresh = WsClient.to("/ws/goals/" + goal).connect().join();
      JsonObject snap = fresh.awaitFirst(WAIT);
      fresh.close();
      JsonObject stream = snap.getJsonArray("streams").getJsonObject(0);
      if (!"streaming".equals(stream.getString("status"))) {
        now = snap;
      } else {
        assertTrue(System.nanoTime() < deadline, "the stream's end is sequenced in time");
      }
    }
    String epoch = now.getString("epoch");
    long last = now.getJsonNumber("seq").longValue();
    assertTrue(last > 10_000, "the stream's events: " + last);

    WsClient evicted =
        WsClient.to("/ws/goals/" + goal + "?epoch=" + epoch + "&since=1").connect().join();
    WsClient recent =
        WsClient.to("/ws/goals/" + goal + "?epoch=" + epoch + "&since=" + (last - 5))
            .connect()
            .join();
    try {
      JsonObject snap = evicted.awaitFirst(WAIT);
      assertEquals("snapshot", snap.getString("type"));
      assertFalse(snap.getBoolean("recovered"));
      assertEquals(last, snap.getJsonNumber("seq").longValue());
      JsonObject stream = snap.getJsonArray("streams").getJsonObject(0);
      assertEquals(result.getString("requestId"), stream.getString("requestId"));
      assertEquals(result.getString("content"), stream.getString("content"));

      recent.awaitMessage(m -> m.getJsonNumber("seq").longValue() == last, WAIT);
      List<JsonObject> replayed = recent.messages();
      assertEquals(5, replayed.size());
      for (int i = 0; i < 5; i++) {
        assertEquals("event", replayed.get(i).getString("type"));
        assertEquals(last - 4 + i, replayed.get(i).getJsonNumber("seq").longValue());
      }
      assertEquals("llm.stream.end", replayed.get(4).getString("event"));
    } finally {
      evicted.close();
      recent.close();
    }
  }
}
