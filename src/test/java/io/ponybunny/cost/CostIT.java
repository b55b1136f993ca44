package io.ponybunny.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.Eventually;
import io.ponybunny.testing.Principals;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Costs over real HTTP on the simulator (its demo price): a stream's answer, its end event and its
 * record carry its cost; the metrics sum it per day, model, goal, principal and key for its owner
 * only; and an API key spending past a tiny USD limit gets 429 {@code usd-per-day} until UTC
 * midnight.
 */
class CostIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  /** 30 output tokens at the demo price (8 USD per million) alone cost 0.00024 USD. */
  private static final String MODEL = "sim/cost~tokens=30~tps=0";

  private static HttpRequest.Builder as(String authorization, String path) {
    return HttpRequest.newBuilder(URI.create(TestServer.HTTP + path))
        .header("Authorization", authorization)
        .timeout(WAIT);
  }

  private static HttpResponse<String> complete(String authorization, String goalId) {
    return TestServer.sendRaw(
        as(authorization, "/api/completions")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    TestServer.completionBody(MODEL, goalId, "What does it cost?", null)))
            .build());
  }

  private static JsonObject getJson(String authorization, String path) {
    HttpResponse<String> r = TestServer.sendRaw(as(authorization, path).GET().build());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return TestServer.json(r.body());
  }

  /** Creates, as the ITs' admin, a key of {@code owner} with a spend limit of its own. */
  private static HttpResponse<String> keyWithSpendLimit(String owner, String usdPerDay) {
    return TestServer.postJson(
        "/api/keys",
        "{\"name\":\"spend key\",\"owner\":\""
            + owner
            + "\",\"role\":\"operator\",\"usdPerDay\":"
            + usdPerDay
            + "}");
  }

  private static BigDecimal usd(JsonObject o, String name) {
    return o.getJsonNumber(name).bigDecimalValue();
  }

  private static List<JsonObject> rows(JsonObject report, String list) {
    return report.getJsonArray(list).getValuesAs(JsonObject.class);
  }

  @Test
  void aStreamsAnswerEndEventRecordAndMetricsCarryItsCostForItsOwnerOnly() throws Exception {
    Principals.Principal p = Principals.create("cost", "operator");
    Principals.Principal other = Principals.create("other", "operator");
    String goal = "cost-" + UUID.randomUUID();
    try (WsClient ws = WsClient.to("/ws/goals/" + goal).as(p.bearer()).open()) {
      HttpResponse<String> answer = complete(p.bearer(), goal);
      assertEquals(200, answer.statusCode(), answer.body());
      assertEquals(200, complete(other.bearer(), null).statusCode());
      JsonObject a = TestServer.json(answer.body());
      String requestId = a.getString("requestId");
      BigDecimal cost = usd(a, "costUsd");
      assertTrue(cost.compareTo(new BigDecimal("0.00024")) >= 0, "the demo price: " + cost);

      JsonObject terminal = ws.awaitTerminal(requestId, WAIT);
      assertEquals("llm.stream.end", terminal.getString("event"));
      JsonObject end = terminal.getJsonObject("data");
      assertEquals(cost, usd(end, "costUsd"), "the end event carries the same cost");
      assertEquals(a.getInt("tokensUsed"), end.getInt("tokensUsed"));

      JsonObject record =
          Eventually.until(
              () -> getJson(p.bearer(), "/api/streams/" + requestId),
              r -> !"streaming".equals(r.getString("status")),
              WAIT);
      assertEquals(cost, usd(record, "costUsd"), "the record keeps it");

      String today = LocalDate.now(ZoneOffset.UTC).toString();
      JsonObject report = getJson(p.bearer(), "/api/metrics/costs?days=1");
      assertEquals(today, report.getString("to"));
      assertEquals(today, report.getString("from"));
      JsonObject total = report.getJsonObject("total");
      assertEquals(1, total.getInt("streams"), "only the caller's own stream: " + total);
      assertEquals(cost, usd(total, "costUsd"));
      assertEquals(cost, usd(rows(report, "byDay").get(0), "costUsd"));
      JsonObject model = rows(report, "byModel").get(0);
      assertEquals(MODEL, model.getString("model"));
      assertEquals(cost, usd(rows(report, "byModelAndDay").get(0), "costUsd"));
      JsonObject byGoal = rows(report, "byGoal").get(0);
      assertEquals(goal, byGoal.getString("goalId"));
      List<JsonObject> principals = rows(report, "byPrincipal");
      assertEquals(1, principals.size(), "its own principal only: " + principals);
      assertEquals(p.name(), principals.get(0).getString("principal"));
      assertEquals(cost, usd(principals.get(0), "costUsd"));
      List<JsonObject> keys = rows(report, "byKey");
      assertEquals(1, keys.size(), "its own key only: " + keys);
      assertEquals(p.keyId(), keys.get(0).getString("apiKeyId"));
      assertEquals(cost, usd(keys.get(0), "costUsd"));

      JsonObject goalCost = getJson(p.bearer(), "/api/metrics/goals/" + goal + "/cost");
      assertEquals(1, goalCost.getInt("streams"));
      assertEquals(cost, usd(goalCost, "costUsd"));
      assertEquals(
          0,
          getJson(other.bearer(), "/api/metrics/goals/" + goal + "/cost").getInt("streams"),
          "another principal's goal costs that caller nothing");

      JsonObject admin = TestServer.json(TestServer.get("/api/metrics/costs?days=1").body());
      assertTrue(rows(admin, "byPrincipal").size() >= 2, "admins see everyone's");
    }
  }

  @Test
  void aKeySpendingPastItsTinyUsdLimitIs429UntilUtcMidnight() {
    Principals.Principal p = Principals.create("spender", "operator");
    HttpResponse<String> created = keyWithSpendLimit(p.name(), "0.0001");
    assertEquals(201, created.statusCode(), created.body());
    JsonObject key = TestServer.json(created.body());
    String bearer = "Bearer " + key.getString("secret");
    assertEquals(
        0, new BigDecimal("0.0001").compareTo(usd(key.getJsonObject("quota"), "usdPerDay")));

    HttpResponse<String> first = complete(bearer, null);
    assertEquals(200, first.statusCode(), "it starts under the limit and finishes");
    BigDecimal cost = usd(TestServer.json(first.body()), "costUsd");
    assertTrue(cost.compareTo(new BigDecimal("0.0001")) > 0, "spent past it: " + cost);

    HttpResponse<String> second = complete(bearer, null);
    assertEquals(429, second.statusCode(), second.body());
    assertTrue(second.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
    JsonObject problem = TestServer.json(second.body());
    assertEquals("usd-per-day", problem.getString("limit"));
    assertEquals(
        0, new BigDecimal("0.0001").compareTo(problem.getJsonNumber("value").bigDecimalValue()));
    long retryAfter = Long.parseLong(second.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 86_400, "until UTC midnight: " + retryAfter);
    assertFalse(second.body().contains("pb_"), "no key in the answer");

    JsonObject quota =
        getJson(p.bearer(), "/api/keys")
            .getJsonArray("items")
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(k -> k.getString("id").equals(key.getString("id")))
            .findFirst()
            .orElseThrow()
            .getJsonObject("quota");
    assertEquals(cost, usd(quota, "usdToday"), "the key page shows what it spent");

    assertEquals(200, complete(p.bearer(), null).statusCode(), "its owner's other key still runs");
  }

  @Test
  void aSpendLimitThatIsNoPositiveAmountIsRefusedNamingTheField() {
    Principals.Principal p = Principals.create("badlimit", "operator");
    for (String bad : List.of("0", "-1", "0.0000000001", "2000000000")) {
      HttpResponse<String> r = keyWithSpendLimit(p.name(), bad);
      assertEquals(422, r.statusCode(), bad + ": " + r.body());
      assertTrue(r.body().contains("usdPerDay"), r.body());
    }
    HttpResponse<String> r =
        TestServer.postJson(
            "/api/keys",
            Json.createObjectBuilder()
                .add("name", "x")
                .add("owner", p.name())
                .add("usdPerDay", "a lot")
                .build()
                .toString());
    assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, r.statusCode() + r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
  }
}
