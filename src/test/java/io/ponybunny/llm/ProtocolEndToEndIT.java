package io.ponybunny.llm;

import static io.ponybunny.testing.StreamAssertions.assertWellFormed;
import static io.ponybunny.testing.StreamAssertions.data;
import static io.ponybunny.testing.StreamAssertions.eventsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each protocol end to end on the running server: simulator (exact wire format over HTTP) → adapter
 * and stream parser → {@code /api/completions}, streaming and not.
 */
class ProtocolEndToEndIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sim",
        "sim-responses",
        "sim-anthropic",
        "sim-gemini",
        "sim-gemini-json",
        "sim-ollama"
      })
  void streamingAndNonStreamingGiveTheSameTextAndUsage(String endpoint) throws Exception {
    String goal = "proto-" + endpoint + "-" + UUID.randomUUID();
    try (WsClient ws = WsClient.open("/ws/goals/" + goal)) {
      JsonObject streamed = ok(call(endpoint + "/m~tps=0", goal, true, "Explain SSE"));
      JsonObject whole = ok(call(endpoint + "/m~tps=0", goal, false, "Explain SSE"));
      assertFalse(streamed.getString("content").isBlank());
      assertEquals(whole.getString("content"), streamed.getString("content"));
      assertEquals("stop", streamed.getString("finishReason"));
      assertEquals("stop", whole.getString("finishReason"));
      assertEquals(whole.getInt("inputTokens"), streamed.getInt("inputTokens"));
      assertEquals(whole.getInt("outputTokens"), streamed.getInt("outputTokens"));
      assertTrue(streamed.getInt("outputTokens") > 0);

      String requestId = streamed.getString("requestId");
      JsonObject end = ws.awaitTerminal(requestId, WAIT);
      String text = assertWellFormed(eventsOf(ws.events(), requestId), "llm.stream.end");
      assertEquals(streamed.getString("content"), text);
      assertEquals(streamed.getInt("tokensUsed"), data(end).getInt("tokensUsed"));
      assertEquals(streamed.getInt("outputTokens"), data(end).getInt("outputTokens"));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sim",
        "sim-responses",
        "sim-anthropic",
        "sim-gemini",
        "sim-gemini-json",
        "sim-ollama"
      })
  void lengthAndToolCallsMapToTheCommonFinishReasons(String endpoint) {
    for (boolean stream : new boolean[] {true, false}) {
      JsonObject length = ok(call(endpoint + "/m~tps=0~finish=length", null, stream, "Go on"));
      assertEquals("length", length.getString("finishReason"), endpoint + " stream=" + stream);

      // Gemini's model is a URL path segment, where '%' is refused: no encoded arguments there.
      boolean pathModel = endpoint.startsWith("sim-gemini");
      String args = pathModel ? "" : "~args=%7B%22expression%22%3A%2217*23%22%7D";
      JsonObject tool =
          ok(call(endpoint + "/m~tps=0~tool=calculator" + args, null, stream, "Compute"));
      assertEquals("tool_calls", tool.getString("finishReason"), endpoint + " stream=" + stream);
      JsonObject first = tool.getJsonArray("toolCalls").getJsonObject(0);
      assertEquals("calculator", first.getString("name"));
      if (!pathModel) {
        assertEquals("17*23", first.getJsonObject("arguments").getString("expression"));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim-responses", "sim-anthropic", "sim-gemini", "sim-ollama"})
  void httpErrorsReachTheCallerTypedWithProviderAndStatus(String endpoint) {
    HttpResponse<String> r = call(endpoint + "/m~status=401", null, true, "hi");
    assertEquals(502, r.statusCode(), r.body());
    JsonObject problem = TestServer.json(r.body());
    assertEquals(endpoint, problem.getString("provider"));
    assertEquals(401, problem.getInt("upstreamStatus"));
    assertFalse(problem.getBoolean("retryable"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sim",
        "sim-responses",
        "sim-anthropic",
        "sim-gemini",
        "sim-gemini-json",
        "sim-ollama"
      })
  void midStreamErrorIsOneErrorEventAfterTheChunks(String endpoint) throws Exception {
    String goal = "proto-err-" + endpoint + "-" + UUID.randomUUID();
    try (WsClient ws = WsClient.open("/ws/goals/" + goal)) {
      HttpResponse<String> r = call(endpoint + "/m~tps=0~error-after-chunks=4", goal, true, "hi");
      assertEquals(502, r.statusCode(), r.body());
      JsonObject problem = TestServer.json(r.body());
      assertEquals(endpoint, problem.getString("provider"));
      String requestId = problem.getString("requestId");
      JsonObject error = ws.awaitTerminal(requestId, WAIT);
      assertEquals("llm.stream.error", error.getString("event"));
      String partial = assertWellFormed(eventsOf(ws.events(), requestId), "llm.stream.error");
      assertFalse(partial.isEmpty(), "the chunks before the error stay");
      assertTrue(data(error).getString("error").startsWith(endpoint), error.toString());
    }
  }

  private static JsonObject ok(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r.body());
  }

  private static HttpResponse<String> call(
      String model, String goal, boolean stream, String prompt) {
    String body =
        TestServer.completionBody(model, goal, prompt, null)
            .replace("\"stream\":true", "\"stream\":" + stream);
    return TestServer.postJson("/api/completions", body);
  }
}
