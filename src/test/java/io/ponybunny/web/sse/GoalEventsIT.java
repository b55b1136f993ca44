package io.ponybunny.web.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.ChannelCheck;
import io.ponybunny.testing.Principals;
import io.ponybunny.testing.SseClient;
import io.ponybunny.testing.TestServer;
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
 * {@code GET /api/goals/{goalId}/events}: a goal's channel as server-sent events, resumed with
 * {@code Last-Event-ID} after a drop without loss or duplicate (100 trials), with the socket's
 * ownership rules and closes.
 */
class GoalEventsIT {

  private static final int STREAMS = 10;
  private static final int TRIALS_PER_STREAM = 10;
  private static final int TOKENS = 120;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static String events(String goal) {
    return "/api/goals/" + goal + "/events";
  }

  @Test
  void droppedClientsResumeWithTheirLastEventIdWithoutLossOrDuplicates() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Random random = new Random(20L);
    List<SseClient> all = new ArrayList<>();
    ExecutorService reconnects = Executors.newFixedThreadPool(8);
    try {
      List<String> goals = new ArrayList<>();
      List<List<SseClient>> first = new ArrayList<>();
      for (int s = 0; s < STREAMS; s++) {
        String goal = "sse-resume-" + run + "-" + s;
        goals.add(goal);
        List<SseClient> clients = new ArrayList<>();
        for (int t = 0; t < TRIALS_PER_STREAM; t++) {
          // The snapshot, then 1..TOKENS+1 events: anywhere from the start to just before the end.
          SseClient c =
              SseClient.get(events(goal)).dropAfterEvents(2 + random.nextInt(TOKENS)).open();
          assertEquals(200, c.status());
          c.await("snapshot", WAIT);
          clients.add(c);
          all.add(c);
        }
        first.add(clients);
      }
      List<CompletableFuture<JsonObject>> calls = new ArrayList<>();
      for (int s = 0; s < STREAMS; s++) {
        calls.add(
            TestServer.complete(
                goals.get(s), "sim/sse-resume~tokens=" + TOKENS + "~tps=400", "Resume " + s));
      }
      List<List<CompletableFuture<SseClient>>> second = new ArrayList<>();
      for (int s = 0; s < STREAMS; s++) {
        List<CompletableFuture<SseClient>> again = new ArrayList<>();
        String goal = goals.get(s);
        for (SseClient c : first.get(s)) {
          again.add(
              c.ended()
                  .thenApplyAsync(
                      v -> {
                        List<SseClient.Event> got = c.events();
                        String lastId = got.get(got.size() - 1).id();
                        SseClient resumed =
                            SseClient.get(events(goal)).header("Last-Event-ID", lastId).open();
                        all.add(resumed);
                        return resumed;
                      },
                      reconnects));
        }
        second.add(again);
      }
      int midStream = 0;
      for (int s = 0; s < STREAMS; s++) {
        JsonObject result = calls.get(s).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String requestId = result.getString("requestId");
        for (int t = 0; t < TRIALS_PER_STREAM; t++) {
          SseClient before = first.get(s).get(t);
          SseClient after = second.get(s).get(t).get(WAIT.toSeconds(), TimeUnit.SECONDS);
          assertEquals(200, after.status());
          boolean endedBefore =
              before.events().stream().anyMatch(e -> e.name().equals("llm.stream.end"));
          if (!endedBefore) {
            midStream++;
            after.await(
                e ->
                    e.name().equals("llm.stream.end")
                        && requestId.equals(e.json().getString("requestId")),
                WAIT);
          }
          List<SseClient.Event> resumed = after.events();
          assertTrue(
              resumed.stream().noneMatch(e -> e.name().equals("snapshot")),
              "replayed, not a snapshot");
          ChannelCheck check = new ChannelCheck();
          check.all(before.events().stream().map(SseClient.Event::frame).toList(), goals.get(s));
          // gapless across the reconnect: no loss, no duplicate
          check.events(resumed.stream().map(SseClient.Event::frame).toList(), goals.get(s));
          check.assertComplete(requestId, result.getString("content"));
        }
      }
      assertTrue(midStream >= 50, "trials dropped mid-stream: " + midStream + " of 100");
    } finally {
      all.forEach(SseClient::close);
      reconnects.shutdownNow();
    }
  }

  @Test
  void anUnknownEpochGivesASnapshotNotRecovered() {
    String goal = "sse-epoch-" + UUID.randomUUID();
    try (SseClient c =
        SseClient.get(events(goal)).header("Last-Event-ID", "not-this-run:3").open()) {
      JsonObject snap = c.await("snapshot", WAIT).json();
      assertEquals("snapshot", snap.getString("type"));
      assertFalse(snap.getBoolean("recovered"));
    }
  }

  @Test
  void anotherPrincipalsGoalIsNotFoundAMalformedIdOrResumePointABadRequestAndNoIdentity401() {
    Principals.Principal mallory = Principals.create("sse-mallory", "operator");
    String goal = "sse-owned-" + UUID.randomUUID();
    try (SseClient mine = SseClient.get(events(goal)).open();
        SseClient theirs =
            SseClient.get(events(goal)).header("Authorization", mallory.bearer()).open();
        SseClient malformed = SseClient.get(events("bad%20id")).open();
        SseClient badResume =
            SseClient.get(events(goal)).header("Last-Event-ID", "e.1:minus-one").open();
        SseClient anonymous = SseClient.get(events(goal)).header("Authorization", null).open()) {
      assertEquals(200, mine.status());
      mine.await("snapshot", WAIT);
      assertEquals(404, theirs.status(), theirs.body());
      assertTrue(theirs.header("Content-Type").startsWith("application/problem+json"));
      assertEquals(400, malformed.status(), malformed.body());
      assertEquals(400, badResume.status(), badResume.body());
      assertTrue(badResume.body().contains("invalid since"), badResume.body());
      assertEquals(401, anonymous.status());
    }
  }

  @Test
  void aRevokedKeyEndsTheStreamWithTheSocketsClose() throws Exception {
    Principals.Principal viewer = Principals.create("sse-revoked", "viewer");
    String goal = "sse-revoked-" + UUID.randomUUID();
    try (SseClient c =
        SseClient.get(events(goal)).header("Authorization", viewer.bearer()).open()) {
      assertEquals(200, c.status());
      c.await("snapshot", WAIT);
      assertEquals(
          204,
          TestServer.send(
                  TestServer.request("/api/keys/" + viewer.keyId()).timeout(WAIT).DELETE().build())
              .statusCode());
      JsonObject close = c.await("close", Duration.ofSeconds(10)).json();
      assertEquals(1008, close.getInt("code"));
      assertEquals("credentials revoked or expired", close.getString("reason"));
      c.ended().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aStreamIsPingedWhileTheChannelIsQuiet() throws Exception {
    try (SseClient c = SseClient.get(events("sse-quiet-" + UUID.randomUUID())).open()) {
      c.await("snapshot", WAIT);
      io.ponybunny.testing.Eventually.until(c::comments, n -> n >= 3, Duration.ofSeconds(5));
    }
  }
}
