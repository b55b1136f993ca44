package io.ponybunny.llm.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.TestServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Routing on the running server, whose environment (see the pom's IT server) points the {@code
 * openai} endpoint and {@code OLLAMA_BASE_URL} at the simulator by environment variables alone.
 */
class ProviderRoutingIT {

  @Test
  void environmentVariablesAloneRouteOpenAiAndOllamaModels() {
    String id = UUID.randomUUID().toString();
    HttpResponse<String> openai = complete("openai/gpt-4o-mini~tps=0~id=" + id);
    assertEquals(200, openai.statusCode(), openai.body());
    JsonObject seen = TestServer.simRequests(id);
    assertEquals(1, seen.getInt("count"));
    assertTrue(
        seen.getJsonArray("lastHeaders").contains(jakarta.json.Json.createValue("authorization")),
        "the key set by environment variable was sent: " + seen);

    String ollamaId = UUID.randomUUID().toString();
    HttpResponse<String> ollama = complete("ollama/llama3.2~tps=0~id=" + ollamaId);
    assertEquals(200, ollama.statusCode(), ollama.body());
    assertEquals(1, TestServer.simRequests(ollamaId).getInt("count"));
  }

  @Test
  void providersListsEndpointsModelsAndTiersWithReasons() {
    HttpResponse<String> r = TestServer.get("/api/providers");
    assertEquals(200, r.statusCode());
    JsonObject body = TestServer.json(r.body());
    JsonObject anthropic = endpoint(body, "anthropic");
    assertFalse(anthropic.getBoolean("usable"));
    assertEquals("no API key configured", anthropic.getString("disabledReason"));
    JsonObject openai = endpoint(body, "openai");
    assertTrue(openai.getBoolean("usable"));
    assertTrue(openai.getBoolean("hasKey"));
    assertTrue(openai.getString("baseUrl").endsWith("/sim/openai/v1"));
    assertEquals(3, body.getJsonArray("tiers").size());
    assertTrue(r.body().contains("\"balanced\""));
  }

  @Test
  void everyTierStreamsWithNoProviderKey() {
    for (String tier : new String[] {"simple", "medium", "complex"}) {
      HttpResponse<String> r = complete(tier);
      assertEquals(200, r.statusCode(), tier + ": " + r.body());
      assertEquals("stop", TestServer.json(r.body()).getString("finishReason"));
    }
  }

  @Test
  void openCircuitMovesRoutingOnAndHalfOpensAfterThePause() throws Exception {
    // breaker-test = [breaker (always 503, no retries), sim-gemini]; threshold 5, pause 3 s.
    String scenario = "down~status=503";
    for (int i = 0; i < 5; i++) {
      assertEquals(200, complete("breaker-test").statusCode());
    }
    int before = TestServer.simRequests(scenario).getInt("count");
    assertEquals(200, complete("breaker-test").statusCode());
    assertEquals(
        before, TestServer.simRequests(scenario).getInt("count"), "open: failing fast, skipped");
    assertEquals(
        "open",
        endpoint(TestServer.json(TestServer.get("/api/providers").body()), "breaker")
            .getString("circuit"));

    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!"half-open"
        .equals(
            endpoint(TestServer.json(TestServer.get("/api/providers").body()), "breaker")
                .getString("circuit"))) {
      assertTrue(System.nanoTime() < deadline, "the circuit half-opens after its pause");
      Thread.sleep(100);
    }
    assertEquals(200, complete("breaker-test").statusCode());
    assertEquals(
        before + 1, TestServer.simRequests(scenario).getInt("count"), "half-open: one trial call");
  }

  private static JsonObject endpoint(JsonObject providers, String id) {
    for (JsonValue v : providers.getJsonArray("endpoints")) {
      if (id.equals(v.asJsonObject().getString("id"))) {
        return v.asJsonObject();
      }
    }
    throw new AssertionError("no endpoint " + id + " in " + providers);
  }

  private static HttpResponse<String> complete(String model) {
    return TestServer.postJson(
        "/api/completions", TestServer.completionBody(model, null, "Route me", null));
  }
}
