package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.ChannelCheck;
import io.ponybunny.testing.RawWsClient;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Late join, 200 trials: clients open a goal's socket at random moments of a stream; the snapshot's
 * content plus the chunks that follow is exactly the final text, with no gap and no overlap. The
 * joiners read frames themselves ({@link RawWsClient} says why).
 */
class LateJoinIT {

  private static final int STREAMS = 20;
  private static final int TRIALS_PER_STREAM = 10;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void snapshotPlusLaterChunksIsTheFinalTextAt200RandomMoments() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Random random = new Random(20_240_501L);
    ScheduledExecutorService timer = Executors.newScheduledThreadPool(4);
    List<WsClient> all = new ArrayList<>();
    List<RawWsClient> joiners = new ArrayList<>();
    AtomicInteger midStream = new AtomicInteger();
    try {
      List<String> goals = new ArrayList<>();
      List<WsClient> watchers = new ArrayList<>();
      for (int s = 0; s < STREAMS; s++) {
        String goal = "late-" + run + "-" + s;
        goals.add(goal);
        WsClient w = WsClient.to("/ws/goals/" + goal).connect().join();
        w.awaitFirst(WAIT);
        watchers.add(w);
        all.add(w);
      }
      List<CompletableFuture<JsonObject>> calls = new ArrayList<>();
      List<List<CompletableFuture<RawWsClient>>> trials = new ArrayList<>();
      for (int s = 0; s < STREAMS; s++) {
        calls.add(
            TestServer.complete(
                goals.get(s), "sim/late~tokens=200~tps=200", "Late join stream " + s));
      }
      // Once a stream's first chunk is out, join at random moments over its expected 1 s (the
      // time to the first chunk varies with the server's warmth; the chunks' pace does not).
      for (int s = 0; s < STREAMS; s++) {
        watchers.get(s).await(m -> "llm.stream.chunk".equals(m.getString("event", "")), WAIT);
        List<CompletableFuture<RawWsClient>> joins = new ArrayList<>();
        for (int t = 0; t < TRIALS_PER_STREAM; t++) {
          CompletableFuture<RawWsClient> join = new CompletableFuture<>();
          String path = "/ws/goals/" + goals.get(s);
          timer.schedule(
              () -> {
                try {
                  join.complete(RawWsClient.open(path));
                } catch (RuntimeException e) {
                  join.completeExceptionally(e);
                }
              },
              random.nextInt(1000),
              TimeUnit.MILLISECONDS);
          joins.add(join);
        }
        trials.add(joins);
      }
      int checked = 0;
      for (int s = 0; s < STREAMS; s++) {
        JsonObject result = calls.get(s).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String requestId = result.getString("requestId");
        for (CompletableFuture<RawWsClient> join : trials.get(s)) {
          RawWsClient c = join.get(WAIT.toSeconds(), TimeUnit.SECONDS);
          joiners.add(c);
          JsonObject snap = c.awaitFirst(WAIT);
          boolean finishedInSnapshot =
              snap.getJsonArray("streams").stream()
                  .map(v -> v.asJsonObject())
                  .anyMatch(
                      v ->
                          requestId.equals(v.getString("requestId"))
                              && !"streaming".equals(v.getString("status")));
          if (!finishedInSnapshot) {
            c.awaitTerminal(requestId, WAIT);
          }
          ChannelCheck check = new ChannelCheck();
          check.all(c.messages(), goals.get(s));
          check.assertComplete(requestId, result.getString("content"));
          String atJoin =
              snap.getJsonArray("streams").stream()
                  .map(v -> v.asJsonObject())
                  .filter(v -> requestId.equals(v.getString("requestId")))
                  .map(v -> v.getString("content"))
                  .findFirst()
                  .orElse("");
          if (!finishedInSnapshot && !atJoin.isEmpty()) {
            midStream.incrementAndGet();
          }
          checked++;
        }
      }
      assertTrue(checked == STREAMS * TRIALS_PER_STREAM, "200 trials");
      assertTrue(
          midStream.get() >= 20, "enough trials joined mid-stream: " + midStream.get() + " of 200");
    } finally {
      timer.shutdownNow();
      all.forEach(WsClient::close);
      joiners.forEach(RawWsClient::close);
    }
  }
}
