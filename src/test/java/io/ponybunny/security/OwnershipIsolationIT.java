package io.ponybunny.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.Principals;
import io.ponybunny.testing.Principals.Principal;
import io.ponybunny.testing.StreamAssertions;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cross-owner isolation under load: two operators stream into ten goal channels each at once (over
 * 10⁴ chunk frames in all); no frame or record of one reaches the other by any REST or WebSocket
 * path, while an admin's {@code /ws/streams} sees both.
 */
class OwnershipIsolationIT {

  private static final int GOALS = 10;
  private static final int TOKENS = 500;
  // Paced, so that each /ws/streams reader (20 streams at once) stays under its queue bound.
  private static final String MODEL = "sim/iso~tokens=" + TOKENS + "~tps=250";

  /** One principal's sockets and the request ids of its completions. */
  private record Side(Principal who, WsClient all, List<WsClient> goals, Set<String> requests) {}

  @Test
  void noFrameOrRecordOfOnePrincipalReachesTheOther() throws Exception {
    String run = Long.toString(System.nanoTime(), 36);
    Principal a = Principals.create("iso-a", "operator");
    Principal b = Principals.create("iso-b", "operator");
    WsClient admin = WsClient.to("/ws/streams").connect().join();
    List<Side> sides = new ArrayList<>();
    for (Principal p : List.of(a, b)) {
      WsClient all = WsClient.to("/ws/streams").as(p.bearer()).connect().join();
      List<WsClient> goals = new ArrayList<>();
      for (int i = 0; i < GOALS; i++) {
        goals.add(WsClient.to("/ws/goals/" + goal(run, p, i)).as(p.bearer()).connect().join());
      }
      sides.add(new Side(p, all, goals, new HashSet<>()));
    }
    // The other's channels are refused, also for injection.
    WsClient peek = WsClient.to("/ws/goals/" + goal(run, a, 0)).as(b.bearer()).connect().join();
    assertEquals(1008, peek.awaitClose(Duration.ofSeconds(10)));
    assertEquals(
        403,
        Principals.call(
                "POST",
                "/api/completions",
                b.bearer(),
                "{\"model\":\"sim/x\",\"goalId\":\""
                    + goal(run, a, 0)
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":true}")
            .statusCode());

    List<CompletableFuture<JsonObject>> calls = new ArrayList<>();
    for (Side s : sides) {
      for (int i = 0; i < GOALS; i++) {
        calls.add(TestServer.completeAs(s.who().bearer(), goal(run, s.who(), i), MODEL, "go"));
      }
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
    for (int i = 0; i < calls.size(); i++) {
      sides.get(i / GOALS).requests().add(calls.get(i).join().getString("requestId"));
    }

    long frames = 0;
    for (Side s : sides) {
      Side other = s == sides.get(0) ? sides.get(1) : sides.get(0);
      for (String id : s.requests()) {
        s.all().awaitTerminal(id, Duration.ofSeconds(60));
      }
      List<WsClient> sockets = new ArrayList<>(s.goals());
      sockets.add(s.all());
      for (WsClient c : sockets) {
        for (JsonObject e : c.events()) {
          frames++;
          JsonObject data = StreamAssertions.data(e);
          String request = data.containsKey("requestId") ? data.getString("requestId") : null;
          assertTrue(
              request == null || !other.requests().contains(request),
              s.who().name() + " got a frame of " + other.who().name() + ": " + e);
          if ("llm.stream.start".equals(e.getString("event"))) {
            assertEquals(s.who().name(), data.getString("owner"), "start names its owner");
          }
        }
      }
      // REST: lists and records.
      JsonObject page =
          TestServer.json(
              Principals.call("GET", "/api/streams?size=200", s.who().bearer(), null).body());
      for (JsonValue v : page.getJsonArray("items")) {
        assertEquals(s.who().name(), v.asJsonObject().getString("owner"), "own records only");
      }
      for (String id : other.requests()) {
        assertEquals(
            404, Principals.call("GET", "/api/streams/" + id, s.who().bearer(), null).statusCode());
      }
      JsonObject foreignGoal =
          TestServer.json(
              Principals.call(
                      "GET",
                      "/api/streams?goalId=" + goal(run, other.who(), 0),
                      s.who().bearer(),
                      null)
                  .body());
      assertEquals(0, foreignGoal.getInt("total"));
    }
    assertTrue(frames >= 10_000, "frames checked: " + frames);
    for (Side s : sides) {
      for (String id : s.requests()) {
        admin.awaitTerminal(id, Duration.ofSeconds(60));
      }
    }
    admin.close();
    for (Side s : sides) {
      s.all().close();
      s.goals().forEach(WsClient::close);
    }
  }

  private static String goal(String run, Principal p, int i) {
    return "iso-" + run + "-" + p.name() + "-" + i;
  }
}
