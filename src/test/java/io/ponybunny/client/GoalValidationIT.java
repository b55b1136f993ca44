package io.ponybunny.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.TestServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.WebApplicationException;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Bad input gets the documented 4xx with problem JSON, never a 500. */
class GoalValidationIT {

  private final PonyBunnyClient client = AgentIt.client();

  private static JsonObject problem(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
        r.headers().toString());
    JsonObject p = TestServer.json(r.body());
    assertEquals(status, p.getInt("status"));
    assertTrue(p.containsKey("title") && p.containsKey("type") && p.containsKey("detail"));
    return p;
  }

  private static Set<String> fields(JsonObject problem) {
    return problem.getJsonArray("errors").stream()
        .map(JsonValue::asJsonObject)
        .map(e -> e.getString("field"))
        .collect(Collectors.toSet());
  }

  private static int status(Runnable call) {
    return assertThrows(WebApplicationException.class, call::run).getResponse().getStatus();
  }

  @Test
  void invalidFieldsAre422WithFieldErrors() {
    JsonObject p =
        problem(
            TestServer.postJson(
                "/api/goals",
                "{\"title\":\" \",\"tier\":\"huge\",\"model\":\"no-slash\","
                    + "\"budget\":{\"maxSteps\":0,\"maxTokens\":-1},\"scratchpad\":{\"k\":null}}"),
            422);
    assertEquals(
        Set.of(
            "title",
            "description",
            "tier",
            "model",
            "budget.maxSteps",
            "budget.maxTokens",
            "scratchpad[k]"),
        fields(p));

    String longTitle = "x".repeat(201);
    assertEquals(
        Set.of("title"),
        fields(
            problem(
                TestServer.postJson(
                    "/api/goals", "{\"title\":\"" + longTitle + "\",\"description\":\"d\"}"),
                422)));
    assertEquals(
        Set.of("model"),
        fields(
            problem(
                TestServer.postJson(
                    "/api/goals", "{\"title\":\"t\",\"description\":\"d\",\"model\":\"nope/x\"}"),
                422)));
    // the typed client sees the same status
    assertEquals(422, status(() -> client.submitGoal(GoalRequest.of("", "d"))));
  }

  @Test
  void malformedOrMissingBodiesAre400() {
    problem(TestServer.postJson("/api/goals", "{\"title\":"), 400);
    problem(TestServer.postJson("/api/goals", "[1, 2]"), 400);
    problem(
        TestServer.postJson(
            "/api/goals",
            "{\"title\":\"t\",\"description\":\"d\",\"budget\":{\"maxSteps\":\"many\"}}"),
        400);
    problem(TestServer.postJson("/api/goals", ""), 400);
  }

  @Test
  void bodiesOver64KiBAre413WithOrWithoutContentLength() {
    String big = "{\"title\":\"t\",\"description\":\"" + "a".repeat(70_000) + "\"}";
    problem(TestServer.postJson("/api/goals", big), 413);
    HttpRequest chunked =
        TestServer.request("/api/goals")
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
            .build();
    problem(TestServer.send(chunked), 413);
    // just under the limit is accepted (and validated): description over 20000 chars is 422
    String under = "{\"title\":\"t\",\"description\":\"" + "a".repeat(60_000) + "\"}";
    assertEquals(
        Set.of("description"), fields(problem(TestServer.postJson("/api/goals", under), 422)));
  }

  @Test
  void badQueryParametersAre400() {
    for (String query :
        List.of("size=0", "size=201", "page=-1", "page=x", "status=done", "size=abc")) {
      problem(TestServer.get("/api/goals?" + query), 400);
    }
    for (String query : List.of("size=0", "status=finished", "page=1.5")) {
      problem(TestServer.get("/api/streams?" + query), 400);
    }
    assertEquals(Set.of("size"), fields(problem(TestServer.get("/api/goals?size=500"), 400)));
    assertEquals(400, status(() -> client.goals(null, null, 0, 0)));
    assertEquals(400, status(() -> client.streams("nope", null, null, 0, 10)));
  }

  @Test
  void unknownIdsAre404AndFinishedGoalsCannotBeCancelled() {
    assertEquals(404, status(() -> client.goal("g_missing")));
    assertEquals(404, status(() -> client.cancelGoal("g_missing")));
    assertEquals(404, status(() -> client.stream("req_missing")));
    problem(TestServer.get("/api/goals/g_missing"), 404);

    Goal g = client.submitGoal(GoalRequest.of("What is 1 + 1?", "d").withModel(AgentIt.FAST));
    AgentIt.until(() -> client.goal(g.id()), Goal::isFinished, Duration.ofSeconds(60));
    problem(TestServer.postJson("/api/goals/" + g.id() + "/cancel", ""), 409);
    // the scratchpad is accepted and kept out of the answer's way
    Goal withNotes =
        client.submitGoal(
            new GoalRequest(
                "What is 2 + 2?",
                "d",
                null,
                AgentIt.FAST,
                "simple",
                null,
                Map.of("unit", "apples")));
    assertEquals("simple", withNotes.tier());
  }
}
