package io.ponybunny.llm.call;

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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The provider manager against the simulator's faults, on the running server: retries honour
 * Retry-After, nothing is replayed after the first chunk, fallback hides a broken endpoint,
 * timeouts fire, cancel closes the upstream; every stream ends in exactly one end or error.
 */
class ProviderFaultsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void rateLimitIsRetriedAfterRetryAfterAndSucceeds() throws Exception {
    String id = uuid();
    String goal = "faults-429-" + id;
    try (WsClient ws = WsClient.open("/ws/goals/" + goal)) {
      long start = System.nanoTime();
      HttpResponse<String> r =
          complete("faults/r~status=429~retry-after=2~fail-times=1~tps=0~id=" + id, goal, null);
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(elapsedMs >= 2000, "the retry waited for Retry-After: " + elapsedMs + " ms");
      assertEquals(2, TestServer.simRequests(id).getInt("count"), "one failure, one retry");
      JsonObject body = TestServer.json(r.body());
      String requestId = body.getString("requestId");
      ws.awaitTerminal(requestId, WAIT);
      String text = assertWellFormed(eventsOf(ws.events(), requestId), "llm.stream.end");
      assertEquals(body.getString("content"), text, "no text from the failed attempt");
    }
  }

  @Test
  void cutMidStreamEndsInOneErrorKeepingPartialTextWithoutRetry() throws Exception {
    String id = uuid();
    String goal = "faults-cut-" + id;
    try (WsClient ws = WsClient.open("/ws/goals/" + goal)) {
      HttpResponse<String> r =
          complete("faults/c~tokens=200~tps=0~cut-after-bytes=2500~id=" + id, goal, null);
      assertEquals(502, r.statusCode(), r.body());
      JsonObject problem = TestServer.json(r.body());
      assertEquals("faults", problem.getString("provider"));
      String requestId = problem.getString("requestId");
      JsonObject terminal = ws.awaitTerminal(requestId, WAIT);
      List<JsonObject> events = eventsOf(ws.events(), requestId);
      String partial = assertWellFormed(events, "llm.stream.error");
      assertFalse(partial.isEmpty(), "chunks before the cut were delivered and kept");
      assertTrue(
          data(terminal).getString("error").contains("stream cut after"), terminal.toString());
      assertEquals(1, TestServer.simRequests(id).getInt("count"), "nothing replayed");
    }
  }

  @Test
  void brokenEndpointBeforeFirstByteFallsBackToTheNextOne() throws Exception {
    String goal = "faults-fallback-" + uuid();
    try (WsClient ws = WsClient.open("/ws/goals/" + goal)) {
      HttpResponse<String> r = complete("fallback-test", goal, null);
      assertEquals(200, r.statusCode(), r.body());
      JsonObject body = TestServer.json(r.body());
      String requestId = body.getString("requestId");
      ws.awaitTerminal(requestId, WAIT);
      String text = assertWellFormed(eventsOf(ws.events(), requestId), "llm.stream.end");
      assertEquals(body.getString("content"), text, "one clean stream");
      assertEquals("stop", body.getString("finishReason"));
    }
  }

  @Test
  void firstTokenTimeoutFires() throws Exception {
    String goal = "faults-ftt-" + uuid();
    try (WsClient ws = WsClient.open("/ws/goals/" + goal)) {
      HttpResponse<String> r =
          complete(
              "faults/s~stall-first-ms=4000~id=" + uuid(), goal, "\"firstTokenTimeoutMs\":1000");
      assertEquals(504, r.statusCode(), r.body());
      JsonObject problem = TestServer.json(r.body());
      assertEquals("first_token_timeout", problem.getString("errorType"));
      String requestId = problem.getString("requestId");
      ws.awaitTerminal(requestId, WAIT);
      assertWellFormed(eventsOf(ws.events(), requestId), "llm.stream.error");
    }
  }

  @Test
  void idleTimeoutFiresBetweenChunksAndKeepsTheText() throws Exception {
    String goal = "faults-idle-" + uuid();
    try (WsClient ws = WsClient.open("/ws/goals/" + goal)) {
      HttpResponse<String> r =
          complete(
              "faults/i~tps=0~stall-between-ms=3000~id=" + uuid(), goal, "\"idleTimeoutMs\":1000");
      assertEquals(504, r.statusCode(), r.body());
      JsonObject problem = TestServer.json(r.body());
      assertEquals("idle_timeout", problem.getString("errorType"));
      String requestId = problem.getString("requestId");
      ws.awaitTerminal(requestId, WAIT);
      String partial = assertWellFormed(eventsOf(ws.events(), requestId), "llm.stream.error");
      assertFalse(partial.isEmpty(), "the first chunk came before the stall");
    }
  }

  @Test
  void cancelClosesTheUpstreamWithinOneSecondAndEndsCancelled() throws Exception {
    String id = uuid();
    String goal = "faults-cancel-" + id;
    try (WsClient ws = WsClient.open("/ws/goals/" + goal)) {
      CompletableFuture<HttpResponse<String>> pending =
          TestServer.postJsonAsync(
              "/api/completions",
              TestServer.completionBody(
                  "faults/long~tokens=400~tps=20~id=" + id, goal, "Count slowly", null));
      ws.await(
          e -> "llm.stream.chunk".equals(e.getString("event")) && data(e).getInt("index") == 2,
          WAIT);
      String requestId = ws.events().get(0).getJsonObject("data").getString("requestId");
      long cancelledAt = System.currentTimeMillis();
      HttpResponse<String> cancel =
          TestServer.send(TestServer.request("/api/completions/" + requestId).DELETE().build());
      assertEquals(202, cancel.statusCode(), cancel.body());

      JsonObject end = ws.awaitTerminal(requestId, WAIT);
      assertEquals("llm.stream.end", end.getString("event"));
      assertEquals("cancelled", data(end).getString("finishReason"));
      HttpResponse<String> r = pending.get();
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("cancelled", TestServer.json(r.body()).getString("finishReason"));

      long closedAt = TestServer.awaitUpstreamClosed(id);
      assertTrue(
          closedAt - cancelledAt <= 1000,
          "the simulator saw the connection close "
              + (closedAt - cancelledAt)
              + " ms after cancel");
      assertWellFormed(eventsOf(ws.events(), requestId), "llm.stream.end");
    }
  }

  @Test
  void cancellingAnUnknownRequestIs404() {
    HttpResponse<String> r =
        TestServer.send(TestServer.request("/api/completions/req_nope").DELETE().build());
    assertEquals(404, r.statusCode());
    assertEquals(404, TestServer.json(r.body()).getInt("status"));
  }

  private static HttpResponse<String> complete(String model, String goal, String extra) {
    return TestServer.postJson(
        "/api/completions", TestServer.completionBody(model, goal, "Tell me a story", extra));
  }

  private static String uuid() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
