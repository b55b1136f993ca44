package io.ponybunny.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.Principals;
import io.ponybunny.testing.Principals.Principal;
import io.ponybunny.testing.TestServer;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/goals/{id}/retry}: a failed goal is queued again and runs again (here it fails
 * again, its model still refusing); a succeeded goal is 409, another operator's goal 404, a viewer
 * 403, all as problem JSON.
 */
class GoalRetryIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static JsonObject problem(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
        r.headers().toString());
    JsonObject p = TestServer.json(r.body());
    assertEquals(status, p.getInt("status"));
    return p;
  }

  private static String submit(Principal who, String title, String model) {
    HttpResponse<String> r =
        Principals.call(
            "POST",
            "/api/goals",
            who.bearer(),
            "{\"title\":\""
                + title
                + "\",\"description\":\"retry IT\",\"model\":\""
                + model
                + "\"}");
    assertEquals(201, r.statusCode(), r.body());
    return TestServer.json(r.body()).getString("id");
  }

  private static JsonObject goal(Principal who, String id) {
    HttpResponse<String> r = Principals.call("GET", "/api/goals/" + id, who.bearer(), null);
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r.body());
  }

  private static JsonObject finished(Principal who, String id) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonObject g = goal(who, id);
      String status = g.getString("status");
      if (status.equals("succeeded") || status.equals("failed") || status.equals("cancelled")) {
        return g;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("goal " + id + " did not finish: " + g);
      }
      Thread.sleep(50);
    }
  }

  private static HttpResponse<String> retry(Principal who, String id) {
    return Principals.call("POST", "/api/goals/" + id + "/retry", who.bearer(), null);
  }

  @Test
  void aFailedGoalIsQueuedAgainAndOnlyItsOwnerMayRetryIt() throws Exception {
    Principal owner = Principals.create("retry-a", "operator");
    Principal other = Principals.create("retry-b", "operator");
    Principal viewer = Principals.create("retry-v", "viewer");

    // The simulator refuses every call of this model: the goal fails while planning.
    String failing = submit(owner, "Refused", "sim/retry~status=400");
    JsonObject failed = finished(owner, failing);
    assertEquals("failed", failed.getString("status"), failed.toString());

    problem(retry(other, failing), 404);
    problem(retry(viewer, failing), 403);
    problem(retry(owner, "g_nope"), 404);

    HttpResponse<String> accepted = retry(owner, failing);
    assertEquals(202, accepted.statusCode(), accepted.body());
    JsonObject queued = TestServer.json(accepted.body());
    assertEquals(failing, queued.getString("id"));
    assertTrue(
        queued.getString("status").equals("queued")
            || queued.getString("status").equals("running")
            || queued.getString("status").equals("failed"),
        queued.toString());
    JsonObject again = finished(owner, failing);
    assertEquals("failed", again.getString("status"), "the model still refuses: " + again);
    assertTrue(again.getString("error").contains("provider error"), again.toString());

    String fine = submit(owner, "What is 5 * 5?", "sim/react~tps=0");
    assertEquals("succeeded", finished(owner, fine).getString("status"));
    JsonObject conflict = problem(retry(owner, fine), 409);
    assertTrue(conflict.getString("detail").contains("succeeded"), conflict.toString());
  }
}
