package io.ponybunny.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.Principals;
import io.ponybunny.testing.Principals.Principal;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The role × endpoint matrix over REST and WebSocket: anonymous, a viewer, an operator, an admin, a
 * revoked key and an expired token, against every kind of endpoint; each cell answers as ADR 0011
 * specifies.
 */
class SecurityMatrixIT {

  private static final String GOAL =
      "{\"title\":\"matrix\",\"description\":\"What is 2+2?\",\"model\":\"sim/react~tps=0\","
          + "\"budget\":{\"maxSteps\":2}}";
  private static final String COMPLETION =
      "{\"model\":\"sim/x~tokens=3~tps=0\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
          + "\"stream\":true}";

  private static Principal viewer;
  private static Principal operator;
  private static Principal other;
  private static final String OPENAI_CHAT =
      "{\"model\":\"medium\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String ANTHROPIC_MESSAGE =
      "{\"model\":\"medium\",\"max_tokens\":64,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static Principal revoked;
  private static String operatorsGoal;
  private static String expiredToken;

  @BeforeAll
  static void principals() {
    viewer = Principals.create("viewer", "viewer");
    operator = Principals.create("op", "operator");
    other = Principals.create("op2", "operator");
    revoked = Principals.create("gone", "operator");
    assertEquals(204, Principals.revoke(revoked.keyId()));
    try {
      expiredToken =
          "Bearer "
              + JwtIT.token(
                  JwtIT.itKey(),
                  io.ponybunny.security.jwt.TestTokens.claims(
                          JwtIT.ISSUER, "late", java.time.Instant.now().minusSeconds(7200))
                      .add("upn", "late-admin")
                      .add("groups", jakarta.json.Json.createArrayBuilder().add("admin")));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    HttpResponse<String> g = Principals.call("POST", "/api/goals", operator.bearer(), GOAL);
    assertEquals(201, g.statusCode(), g.body());
    operatorsGoal = TestServer.json(g.body()).getString("id");
  }

  /** Who calls: a name and its Authorization header (null: anonymous). */
  private static Map<String, String> callers() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("anonymous", null);
    m.put("viewer", viewer.bearer());
    m.put("operator", operator.bearer());
    m.put("admin", TestServer.authorization());
    m.put("revoked key", revoked.bearer());
    m.put("expired token", expiredToken);
    return m;
  }

  /** One row: a request and the status each caller (in {@link #callers()} order) gets. */
  private record Row(String method, String path, String body, int... statuses) {}

  @Test
  void everyCellOfTheRestMatrixAnswersAsSpecified() {
    String foreign = "/api/goals/" + operatorsGoal;
    List<Row> rows =
        List.of(
            new Row("GET", "/api/goals", null, 401, 200, 200, 200, 401, 401),
            new Row("POST", "/api/goals", GOAL, 401, 403, 201, 201, 401, 401),
            new Row("GET", foreign, null, 401, 404, 200, 200, 401, 401),
            new Row("POST", "/api/completions", COMPLETION, 401, 403, 200, 200, 401, 401),
            new Row("DELETE", "/api/completions/req_none", null, 401, 403, 404, 404, 401, 401),
            new Row("GET", "/api/streams", null, 401, 200, 200, 200, 401, 401),
            new Row("GET", "/api/streams/req_none", null, 401, 404, 404, 404, 401, 401),
            new Row("GET", "/api/providers", null, 401, 200, 200, 200, 401, 401),
            new Row("GET", "/api/console/settings", null, 401, 200, 200, 200, 401, 401),
            new Row("GET", "/api/metrics/timeseries", null, 401, 200, 200, 200, 401, 401),
            new Row("GET", "/api/streams/export?format=csv", null, 401, 200, 200, 200, 401, 401),
            new Row("GET", "/api/metrics/summary", null, 401, 200, 200, 200, 401, 401),
            new Row("GET", "/api/auth/me", null, 401, 200, 200, 200, 401, 401),
            new Row("GET", "/api/keys", null, 401, 403, 200, 200, 401, 401),
            new Row("GET", "/api/users", null, 401, 403, 403, 200, 401, 401),
            new Row("GET", "/api/audit", null, 401, 403, 403, 200, 401, 401),
            new Row("GET", "/api/openapi", null, 401, 200, 200, 200, 401, 401),
            new Row("GET", "/sim/requests/nothing", null, 401, 200, 200, 200, 401, 401),
            new Row("GET", "/api/metrics/costs", null, 401, 200, 200, 200, 401, 401),
            new Row("POST", "/v1/chat/completions", OPENAI_CHAT, 401, 403, 200, 200, 401, 401),
            new Row("POST", "/v1/messages", ANTHROPIC_MESSAGE, 401, 403, 200, 200, 401, 401),
            new Row("GET", "/v1/models", null, 401, 200, 200, 200, 401, 401),
            new Row("GET", "/api/auth/config", null, 200, 200, 200, 200, 200, 200));
    List<Executable> cells = new ArrayList<>();
    List<Map.Entry<String, String>> who = new ArrayList<>(callers().entrySet());
    for (Row row : rows) {
      for (int i = 0; i < who.size(); i++) {
        String name = who.get(i).getKey();
        String auth = who.get(i).getValue();
        int expected = row.statuses()[i];
        HttpResponse<String> r = Principals.call(row.method(), row.path(), auth, row.body());
        cells.add(
            () ->
                assertEquals(
                    expected,
                    r.statusCode(),
                    row.method() + " " + row.path() + " as " + name + ": " + r.body()));
        if (r.statusCode() >= 400 && row.path().startsWith("/v1/")) {
          cells.add(
              () ->
                  assertTrue(
                      r.body().contains("\"error\""),
                      row.method() + " " + row.path() + " as " + name + " is the API's error"));
        } else if (r.statusCode() >= 400) {
          cells.add(
              () ->
                  assertTrue(
                      r.headers()
                          .firstValue("Content-Type")
                          .orElse("")
                          .contains("application/problem+json"),
                      row.method() + " " + row.path() + " as " + name + " is problem JSON"));
        }
      }
    }
    assertAll(cells);
  }

  @Test
  void anotherOperatorNeitherSeesNorCancelsAGoalAndCannotStreamIntoItsChannel() {
    String path = "/api/goals/" + operatorsGoal;
    assertEquals(404, Principals.call("GET", path, other.bearer(), null).statusCode());
    assertEquals(404, Principals.call("POST", path + "/cancel", other.bearer(), null).statusCode());
    assertEquals(
        403, Principals.call("POST", path + "/cancel", viewer.bearer(), null).statusCode());
    String inject =
        COMPLETION.replace(
            "\"stream\":true", "\"stream\":true,\"goalId\":\"" + operatorsGoal + "\"");
    HttpResponse<String> r = Principals.call("POST", "/api/completions", other.bearer(), inject);
    assertEquals(403, r.statusCode(), r.body());
    JsonObject list =
        TestServer.json(Principals.call("GET", "/api/goals", other.bearer(), null).body());
    assertFalse(list.toString().contains(operatorsGoal), "another's goal is not listed");
    int status =
        Principals.call("POST", path + "/cancel", TestServer.authorization(), null).statusCode();
    assertTrue(status == 202 || status == 409, "an admin cancels anyone's goal: " + status);
  }

  @Test
  void socketsNeedAnIdentityAndForeignGoalChannelsAreRefused() throws Exception {
    for (String path : new String[] {"/ws/streams", "/ws/goals/" + operatorsGoal}) {
      for (String auth :
          new String[] {null, revoked.bearer(), expiredToken, "Bearer pb_not-a-key"}) {
        assertEquals(
            401,
            WsClient.to(path).as(auth).attempt().status(),
            path + " without a valid credential");
      }
    }
    WsClient foreign =
        WsClient.to("/ws/goals/" + operatorsGoal).as(other.bearer()).connect().join();
    assertEquals(1008, foreign.awaitClose(Duration.ofSeconds(10)));
    assertEquals("not your goal", foreign.closeReason());

    WsClient own = WsClient.to("/ws/goals/" + operatorsGoal).as(operator.bearer()).connect().join();
    WsClient admin = WsClient.to("/ws/goals/" + operatorsGoal).connect().join();
    WsClient viewers = WsClient.to("/ws/streams").as(viewer.bearer()).connect().join();
    for (WsClient c : List.of(own, admin, viewers)) {
      c.awaitFirst(Duration.ofSeconds(10));
      assertFalse(c.closed().isDone(), "open: " + c.closeReason());
      c.close();
    }
  }

  @Test
  void aSocketWhoseKeyIsRevokedIsClosedWith1008() throws Exception {
    Principal p = Principals.create("revoke-live", "viewer");
    WsClient c = WsClient.to("/ws/streams").as(p.bearer()).connect().join();
    c.awaitFirst(Duration.ofSeconds(10));
    assertEquals(204, Principals.revoke(p.keyId()));
    // The IT server checks credentials every 2 s (PONYBUNNY_WS_CREDENTIAL_CHECK_SECONDS).
    assertEquals(1008, c.awaitClose(Duration.ofSeconds(30)));
    assertEquals("credentials revoked or expired", c.closeReason());
    assertEquals(401, Principals.call("GET", "/api/goals", p.bearer(), null).statusCode());
  }

  @Test
  void aPrincipalHoldsAtMostOneHundredUsableKeys() {
    Principal p = Principals.create("hoarder", "operator");
    for (int i = 1; i < 100; i++) { // Principals.create made the first
      assertEquals(201, Principals.createKey(p.name(), "viewer", p.bearer()).statusCode());
    }
    HttpResponse<String> over = Principals.createKey(p.name(), "viewer", p.bearer());
    assertEquals(409, over.statusCode(), over.body());
    assertEquals(204, Principals.revoke(p.keyId()));
    HttpResponse<String> room =
        Principals.createKey(p.name(), "viewer", TestServer.authorization());
    assertEquals(201, room.statusCode(), "a revoked key frees its place");
  }

  @Test
  void demotingAUserRevokesItsKeysAboveTheNewRole() {
    Principal p = Principals.create("demoted", "operator");
    HttpResponse<String> viewerKey = Principals.createKey(p.name(), "viewer", p.bearer());
    assertEquals(201, viewerKey.statusCode(), viewerKey.body());
    String kept = "Bearer " + TestServer.json(viewerKey.body()).getString("secret");
    HttpResponse<String> demoted =
        Principals.call(
            "PUT", "/api/users/" + p.name(), TestServer.authorization(), "{\"role\":\"viewer\"}");
    assertEquals(200, demoted.statusCode(), demoted.body());
    assertEquals(401, Principals.call("GET", "/api/goals", p.bearer(), null).statusCode());
    assertEquals(200, Principals.call("GET", "/api/goals", kept, null).statusCode());
  }

  @Test
  void keysCarryAtMostTheirCreatorsRoleAndOperatorsCreateOnlyTheirOwn() {
    assertEquals(
        422, Principals.createKey(operator.name(), "admin", operator.bearer()).statusCode());
    assertEquals(403, Principals.createKey(other.name(), "viewer", operator.bearer()).statusCode());
    HttpResponse<String> own = Principals.createKey(operator.name(), "viewer", operator.bearer());
    assertEquals(201, own.statusCode(), own.body());
    JsonObject created = TestServer.json(own.body());
    assertTrue(created.getString("secret").startsWith("pb_"));
    String listed = Principals.call("GET", "/api/keys", operator.bearer(), null).body();
    assertTrue(listed.contains(created.getString("id")));
    assertFalse(listed.contains(created.getString("secret")), "a listing never has a secret");
    assertFalse(listed.contains(other.keyId()), "an operator lists only its own keys");
    assertEquals(
        404,
        Principals.call("DELETE", "/api/keys/" + other.keyId(), operator.bearer(), null)
            .statusCode());
  }
}
