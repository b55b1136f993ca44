package io.ponybunny.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.Principals;
import io.ponybunny.testing.Principals.Principal;
import io.ponybunny.testing.TestServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's history search, its export and its charts' aggregates on the running server (the
 * PostgreSQL run too): a phrase from an answer or a prompt is found, never in another owner's
 * stream; the database aggregates the charts.
 */
class StreamSearchIT {

  private static Principal alice;
  private static Principal bob;
  private static String phrase;
  private static String alicesRequest;

  @BeforeAll
  static void streams() throws Exception {
    alice = Principals.create("search-a", "operator");
    bob = Principals.create("search-b", "operator");
    phrase = "zephyr" + UUID.randomUUID().toString().substring(0, 8);
    // the echo scenario answers with the prompt, word by word: the phrase is in both
    alicesRequest = complete(alice, "sim/demo~echo=true~tps=0", "tell me about " + phrase);
    HttpResponse<String> failed =
        Principals.call(
            "POST",
            "/api/completions",
            alice.bearer(),
            TestServer.completionBody("sim/x~status=500~tps=0", null, "boom " + phrase, null));
    assertEquals(502, failed.statusCode(), failed.body());
  }

  private static String complete(Principal who, String model, String prompt) {
    HttpResponse<String> r =
        Principals.call(
            "POST",
            "/api/completions",
            who.bearer(),
            TestServer.completionBody(model, null, prompt, null));
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r.body()).getString("requestId");
  }

  private static JsonObject search(Principal who, String query) {
    HttpResponse<String> r = Principals.call("GET", "/api/streams?" + query, who.bearer(), null);
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r.body());
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void aPhraseFromTheAnswerFindsTheStreamWithAnExcerptAndThePrompt() {
    JsonObject page = search(alice, "q=" + q(phrase.toUpperCase()) + "&status=completed");
    assertEquals(1, page.getInt("total"), page.toString());
    JsonObject hit = page.getJsonArray("items").getJsonObject(0);
    assertEquals(alicesRequest, hit.getString("requestId"));
    assertTrue(hit.getString("excerpt").contains(phrase), hit.toString());
    assertEquals("tell me about " + phrase, hit.getString("prompt"));
    assertEquals(
        2, search(alice, "q=" + q(phrase)).getInt("total"), "the failed call's prompt too");
  }

  @Test
  void anotherOwnersStreamsAreNeverFound() {
    assertEquals(0, search(bob, "q=" + q(phrase)).getInt("total"));
    HttpResponse<String> export =
        Principals.call(
            "GET", "/api/streams/export?format=json&q=" + q(phrase), bob.bearer(), null);
    assertEquals(200, export.statusCode());
    assertEquals("[]", export.body().strip());
  }

  @Test
  void filtersByProviderAndTimeAndLikeWildcardsAreLiteral() {
    assertEquals(1, search(alice, "q=" + q(phrase) + "&provider=sim&status=error").getInt("total"));
    assertEquals(0, search(alice, "q=" + q(phrase) + "&provider=nowhere").getInt("total"));
    assertEquals(0, search(alice, "q=" + q(phrase) + "&to=2000-01-01T00:00:00Z").getInt("total"));
    assertEquals(0, search(alice, "q=" + q("%%")).getInt("total"), "% is no wildcard");
  }

  @Test
  void badSearchesAnswer400NamingTheField() {
    for (String[] bad :
        new String[][] {
          {"q=x", "q"},
          {"from=yesterday", "from"},
          {"status=nope", "status"},
          {"from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to"},
          {"provider=" + "p".repeat(301), "provider"}
        }) {
      HttpResponse<String> r =
          Principals.call("GET", "/api/streams?" + bad[0], alice.bearer(), null);
      assertEquals(400, r.statusCode(), bad[0] + " " + r.body());
      assertTrue(r.body().contains("\"" + bad[1] + "\""), r.body());
    }
    HttpResponse<String> format =
        Principals.call("GET", "/api/streams/export?format=xml", alice.bearer(), null);
    assertEquals(400, format.statusCode());
  }

  @Test
  void theExportHoldsTheSearchsStreamsAsCsvAndJson() {
    HttpResponse<String> csv =
        Principals.call(
            "GET", "/api/streams/export?format=csv&q=" + q(phrase), alice.bearer(), null);
    assertEquals(200, csv.statusCode());
    assertTrue(
        csv.headers().firstValue("Content-Disposition").orElse("").contains(".csv"),
        csv.headers().toString());
    String[] rows = csv.body().split("\r\n");
    assertTrue(rows[0].startsWith("requestId,startedAt,finishedAt,status,model,provider"));
    assertEquals(3, rows.length, "header and two streams: " + csv.body());
    assertTrue(csv.body().contains(alicesRequest));
    HttpResponse<String> json =
        Principals.call(
            "GET", "/api/streams/export?format=json&q=" + q(phrase), alice.bearer(), null);
    JsonArray records =
        jakarta.json.Json.createReader(new java.io.StringReader(json.body())).readArray();
    assertEquals(2, records.size());
    assertTrue(records.toString().contains("tell me about " + phrase));
  }

  @Test
  void theChartsAggregatesCountTheStreamsAndTheFailureByProviderAndType() throws Exception {
    HttpResponse<String> r =
        Principals.call("GET", "/api/metrics/timeseries?range=15m", alice.bearer(), null);
    assertEquals(200, r.statusCode(), r.body());
    JsonObject series = TestServer.json(r.body());
    assertEquals(30_000, series.getJsonNumber("bucketMs").longValue());
    long streams = 0;
    long errors = 0;
    for (JsonObject t : series.getJsonArray("totals").getValuesAs(JsonObject.class)) {
      streams += t.getJsonNumber("streams").longValue();
      errors += t.getJsonNumber("errors").longValue();
    }
    assertEquals(2, streams, "alice's own two: " + series);
    assertEquals(1, errors);
    JsonObject error = series.getJsonArray("errors").getJsonObject(0);
    assertEquals("sim", error.getString("provider"));
    assertEquals("server_error", error.getString("type"));
    JsonObject echo =
        series.getJsonArray("models").getValuesAs(JsonObject.class).stream()
            .filter(m -> m.getString("model").startsWith("sim/demo~echo"))
            .findFirst()
            .orElseThrow();
    JsonObject point = echo.getJsonArray("points").getJsonObject(0);
    assertTrue(point.getJsonNumber("ttftP50Ms").doubleValue() >= 0, point.toString());
    assertTrue(
        point.getJsonNumber("ttftP95Ms").doubleValue()
            >= point.getJsonNumber("ttftP50Ms").doubleValue());
    HttpResponse<String> bad =
        Principals.call("GET", "/api/metrics/timeseries?range=2w", alice.bearer(), null);
    assertEquals(400, bad.statusCode());
  }
}
