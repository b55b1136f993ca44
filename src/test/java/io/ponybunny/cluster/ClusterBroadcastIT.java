package io.ponybunny.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.ChannelCheck;
import io.ponybunny.testing.ClusterNodes;
import io.ponybunny.testing.Eventually;
import io.ponybunny.testing.Principals;
import io.ponybunny.testing.RawWsClient;
import io.ponybunny.testing.StreamAssertions;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Broadcast across the cluster's three instances (ADR 0013): subscribers of one channel on
 * different instances see the same events with the same epoch and gapless seq, in one order, while
 * the streams run on any instance; a client dropped on one instance resumes on another with nothing
 * lost or duplicated.
 */
class ClusterBroadcastIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  /**
   * 30 streams across 10 goals, each started on one of the three instances, 350 chunks each (10,500
   * chunks); every goal has a subscriber on every instance. Each subscriber sees a gapless seq, per
   * request a start, indexes 0..n-1 and one terminal, the text the caller got; and the three
   * subscribers of a goal saw the very same sequence.
   */
  @Test
  void subscribersOnEveryInstanceSeeTheSameGaplessOrder() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    int goals = 10;
    int perGoal = 3;
    int tokens = 350;
    List<List<WsClient>> subscribers = new ArrayList<>();
    try {
      for (int g = 0; g < goals; g++) {
        List<WsClient> onGoal = new ArrayList<>();
        for (int n : ClusterNodes.numbers()) {
          WsClient c = ClusterNodes.node(n).socket("/ws/goals/cl-" + run + "-" + g).open();
          c.awaitFirst(WAIT);
          onGoal.add(c);
        }
        subscribers.add(onGoal);
      }
      List<CompletableFuture<JsonObject>> calls = new ArrayList<>();
      for (int s = 0; s < goals * perGoal; s++) {
        int node = ClusterNodes.numbers().get(s % ClusterNodes.size());
        calls.add(
            ClusterNodes.node(node)
                .complete(
                    "cl-" + run + "-" + (s % goals),
                    "sim/cluster~tokens=" + tokens + "~tps=1500",
                    "Cluster stream " + s));
      }
      for (int s = 0; s < calls.size(); s++) {
        JsonObject result = calls.get(s).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String requestId = result.getString("requestId");
        for (WsClient c : subscribers.get(s % goals)) {
          c.awaitTerminal(requestId, WAIT);
        }
      }
      int chunks = 0;
      for (int g = 0; g < goals; g++) {
        String goal = "cl-" + run + "-" + g;
        List<String> first = null;
        for (WsClient c : subscribers.get(g)) {
          ChannelCheck check = new ChannelCheck();
          check.all(c.messages(), goal);
          List<String> order = order(c.events());
          if (first == null) {
            first = order;
            chunks += (int) order.stream().filter(e -> e.contains("llm.stream.chunk")).count();
          } else {
            assertEquals(first, order, "the same order on every instance for " + goal);
          }
        }
        for (int s = g; s < calls.size(); s += goals) {
          JsonObject result = calls.get(s).join();
          ChannelCheck check = new ChannelCheck();
          check.all(subscribers.get(g).get(s % ClusterNodes.size()).messages(), goal);
          check.assertComplete(result.getString("requestId"), result.getString("content"));
        }
      }
      assertTrue(chunks >= 10_000, "chunks: " + chunks);
    } finally {
      subscribers.forEach(l -> l.forEach(WsClient::close));
    }
  }

  /**
   * 200 trials: a client on one instance drops at a random point of a stream and reconnects to
   * another instance with {@code ?epoch=&since=}; it gets the missed events replayed, then live
   * ones: nothing lost, nothing duplicated.
   */
  @Test
  void aClientDroppedOnOneInstanceResumesOnAnother() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    int streams = 20;
    int trials = 10;
    int tokens = 120;
    Random random = new Random(19L);
    List<WsClient> all = new ArrayList<>();
    List<RawWsClient> resumedClients = new ArrayList<>();
    // Reconnects on plain sockets, off the first clients' listener threads (see RawWsClient).
    ExecutorService reconnects = Executors.newFixedThreadPool(8);
    try {
      List<List<WsClient>> first = new ArrayList<>();
      for (int s = 0; s < streams; s++) {
        List<WsClient> clients = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
          int node = ClusterNodes.numbers().get(t % ClusterNodes.size());
          WsClient c =
              ClusterNodes.node(node)
                  .socket("/ws/goals/rs-" + run + "-" + s)
                  .dropAfterEvents(2 + random.nextInt(tokens))
                  .connect()
                  .join();
          c.awaitFirst(WAIT);
          clients.add(c);
          all.add(c);
        }
        first.add(clients);
      }
      List<CompletableFuture<JsonObject>> calls = new ArrayList<>();
      for (int s = 0; s < streams; s++) {
        int node = ClusterNodes.numbers().get(s % ClusterNodes.size());
        calls.add(
            ClusterNodes.node(node)
                .complete(
                    "rs-" + run + "-" + s,
                    "sim/resume~tokens=" + tokens + "~tps=400",
                    "Resume stream " + s));
      }
      List<List<CompletableFuture<RawWsClient>>> second = new ArrayList<>();
      for (int s = 0; s < streams; s++) {
        String goal = "rs-" + run + "-" + s;
        List<CompletableFuture<RawWsClient>> again = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
          WsClient c = first.get(s).get(t);
          // the next instance, never the one it dropped from
          int other = ClusterNodes.numbers().get((t + 1) % ClusterNodes.size());
          again.add(
              c.closed()
                  .thenApplyAsync(
                      code -> {
                        List<JsonObject> got = c.events();
                        JsonObject last = got.get(got.size() - 1);
                        return ClusterNodes.node(other)
                            .rawSocket(
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
      for (int s = 0; s < streams; s++) {
        JsonObject result = calls.get(s).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String requestId = result.getString("requestId");
        String goal = "rs-" + run + "-" + s;
        for (int t = 0; t < trials; t++) {
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
              () -> "replayed on another instance, not a snapshot: " + resumed);
          ChannelCheck check = new ChannelCheck();
          check.all(before.messages(), goal);
          check.events(resumed, goal);
          check.assertComplete(requestId, result.getString("content"));
        }
      }
    } finally {
      all.forEach(WsClient::close);
      resumedClients.forEach(RawWsClient::close);
      reconnects.shutdownNow();
    }
  }

  /**
   * A free-form channel belongs to the principal that used it first, on every instance: another
   * operator cannot subscribe to it through another instance (1008), its owner can.
   */
  @Test
  void aFreeFormChannelIsItsFirstUsersOnEveryInstance() throws Exception {
    Principals.Principal alice = Principals.create(ClusterNodes.node(1), "alice", "operator");
    Principals.Principal bob = Principals.create(ClusterNodes.node(1), "bob", "operator");
    String goal = "mine-" + UUID.randomUUID();
    HttpResponse<String> used =
        TestServer.sendRaw(
            HttpRequest.newBuilder(URI.create(ClusterNodes.url(1) + "/api/completions"))
                .header("Authorization", alice.bearer())
                .header("Content-Type", "application/json")
                .timeout(WAIT)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        TestServer.completionBody("sim/mine~tokens=5~tps=0", goal, "Mine", null)))
                .build());
    assertEquals(200, used.statusCode(), used.body());
    for (int n : List.of(2, 3)) {
      try (WsClient theirs =
          ClusterNodes.node(n).socket("/ws/goals/" + goal).as(bob.bearer()).connect().join()) {
        assertEquals(1008, theirs.awaitClose(WAIT), "node" + n + ": " + theirs.closeReason());
      }
      try (WsClient mine =
          ClusterNodes.node(n).socket("/ws/goals/" + goal).as(alice.bearer()).open()) {
        assertEquals("snapshot", mine.awaitFirst(WAIT).getString("type"));
      }
    }
  }

  /**
   * A stream of more events than a channel keeps for resume (10,000), run on one instance: a resume
   * on another instance from an evicted {@code since} gets a snapshot with {@code recovered:false}
   * at the channel's seq, one from a recent {@code since} gets the missed events.
   */
  @Test
  void anEvictedSinceOnAnotherInstanceGivesASnapshotNotRecovered() throws Exception {
    String goal = "evict-" + UUID.randomUUID();
    JsonObject result =
        ClusterNodes.node(1)
            .complete(goal, "sim/evict~tokens=10050~tps=0", "Evict the history")
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    String requestId = result.getString("requestId");
    // node2 has sequenced the stream's end once its snapshot shows it finished
    JsonObject now =
        Eventually.until(
            () -> {
              try (RawWsClient fresh = ClusterNodes.node(2).rawSocket("/ws/goals/" + goal)) {
                return fresh.awaitFirst(WAIT);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
              }
            },
            snap ->
                snap.getJsonArray("streams").stream()
                    .map(v -> v.asJsonObject())
                    .anyMatch(
                        v ->
                            requestId.equals(v.getString("requestId"))
                                && !"streaming".equals(v.getString("status"))),
            WAIT);
    String epoch = now.getString("epoch");
    long last = now.getJsonNumber("seq").longValue();
    assertTrue(last > 10_000, "the stream's events: " + last);
    try (RawWsClient evicted =
            ClusterNodes.node(3).rawSocket("/ws/goals/" + goal + "?epoch=" + epoch + "&since=1");
        RawWsClient recent =
            ClusterNodes.node(3)
                .rawSocket("/ws/goals/" + goal + "?epoch=" + epoch + "&since=" + (last - 5))) {
      JsonObject snap = evicted.awaitFirst(WAIT);
      assertEquals("snapshot", snap.getString("type"));
      assertFalse(snap.getBoolean("recovered"));
      assertEquals(last, snap.getJsonNumber("seq").longValue());
      recent.awaitMessage(m -> m.getJsonNumber("seq").longValue() == last, WAIT);
      List<JsonObject> replayed = recent.messages();
      assertEquals(5, replayed.size(), replayed.toString());
      for (int i = 0; i < 5; i++) {
        assertEquals("event", replayed.get(i).getString("type"));
        assertEquals(last - 4 + i, replayed.get(i).getJsonNumber("seq").longValue());
      }
      assertEquals("llm.stream.end", replayed.get(4).getString("event"));
    }
  }

  /** A resume point of an epoch the cluster does not know gives a snapshot, not recovered. */
  @Test
  void anUnknownEpochGivesASnapshotNotRecoveredOnEveryInstance() throws Exception {
    for (int n : ClusterNodes.numbers()) {
      try (WsClient c =
          ClusterNodes.node(n)
              .socket("/ws/goals/unknown-" + UUID.randomUUID() + "?epoch=not-this-one&since=3")
              .open()) {
        JsonObject snap = c.awaitFirst(WAIT);
        assertEquals("snapshot", snap.getString("type"));
        assertFalse(snap.getBoolean("recovered"));
      }
    }
  }

  /** Each event as {@code seq event requestId index epoch}, in the order received. */
  private static List<String> order(List<JsonObject> events) {
    List<String> out = new ArrayList<>(events.size());
    for (JsonObject e : events) {
      JsonObject d = e.getJsonObject("data");
      out.add(
          e.getJsonNumber("seq")
              + " "
              + e.getString("event")
              + " "
              + d.getString("requestId", "-")
              + " "
              + d.getInt("index", -1)
              + " "
              + e.getString("epoch"));
    }
    return out;
  }
}
