package io.ponybunny.web.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.Principals;
import io.ponybunny.testing.SseClient;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/completions} with {@code Accept: text/event-stream}: the call's own events as
 * they happen, with the WebSocket's payloads, checked and refused as the JSON answer is; a client
 * that leaves cancels the call.
 */
class CompletionEventsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static String goal(String name) {
    return "sse-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aChunkArrivesLongBeforeTheStreamEndsWithTheSocketsPayloads() throws Exception {
    String goal = goal("paced");
    try (WsClient ws = WsClient.open("/ws/goals/" + goal)) {
      ws.awaitFirst(WAIT);
      long sent = System.nanoTime();
      // 40 tokens at 20 per second: two seconds from the first chunk to the end.
      try (SseClient sse =
          SseClient.post(
                  "/api/completions",
                  TestServer.completionBody("sim/paced~tokens=40~tps=20", goal, "Pace me", null))
              .open()) {
        assertEquals(200, sse.status());
        assertTrue(
            sse.header("Content-Type").startsWith("text/event-stream"), sse.header("Content-Type"));
        SseClient.Event first = sse.await("llm.stream.chunk", WAIT);
        SseClient.Event end = sse.await("llm.stream.end", WAIT);
        sse.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long firstMillis = TimeUnit.NANOSECONDS.toMillis(first.arrivedNanos() - sent);
        long gapMillis = TimeUnit.NANOSECONDS.toMillis(end.arrivedNanos() - first.arrivedNanos());
        assertTrue(gapMillis >= 1_000, "the first chunk came " + gapMillis + " ms before the end");
        assertTrue(
            firstMillis < 1_500, "the first chunk came " + firstMillis + " ms after the call");

        List<SseClient.Event> events = sse.events();
        String requestId = events.get(0).json().getString("requestId");
        ws.awaitTerminal(requestId, WAIT);
        List<JsonObject> socket =
            ws.events().stream()
                .filter(e -> requestId.equals(e.getJsonObject("data").getString("requestId", null)))
                .toList();
        assertEquals(socket.size(), events.size(), "every event of the call, nothing else");
        for (int i = 0; i < events.size(); i++) {
          assertEquals(socket.get(i).getString("event"), events.get(i).name());
          assertEquals(socket.get(i).getJsonObject("data"), events.get(i).json(), "the same data");
          assertNull(events.get(i).id());
        }
        assertEquals("llm.stream.start", events.get(0).name());
        assertEquals(40, events.size() - 2, "forty chunks between start and end");
      }
    }
  }

  @Test
  void theStartAndTheRecordNameTheClientApiAndTheCallersKey() throws Exception {
    try (SseClient sse =
        SseClient.post(
                "/api/completions",
                TestServer.completionBody("sim/who~tokens=3~tps=0", null, "Who calls", null))
            .open()) {
      JsonObject start = sse.await("llm.stream.start", WAIT).json();
      sse.await("llm.stream.end", WAIT);
      assertEquals("api", start.getString("client"));
      String keyId = start.getString("apiKeyId");
      assertTrue(
          TestServer.get("/api/keys").body().contains("\"id\":\"" + keyId + "\""),
          "the id of the ITs' admin key");
      JsonObject record =
          io.ponybunny.testing.Eventually.until(
              () ->
                  TestServer.json(
                      TestServer.get("/api/streams/" + start.getString("requestId")).body()),
              r -> "completed".equals(r.getString("status", null)),
              WAIT);
      assertEquals("api", record.getString("client"));
      assertEquals(keyId, record.getString("apiKeyId"));
    }
  }

  @Test
  void jsonStaysTheAnswerUnlessTheClientAsksForEvents() {
    for (String accept : new String[] {null, "*/*", "application/json"}) {
      HttpRequest.Builder b =
          TestServer.request("/api/completions")
              .timeout(WAIT)
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      TestServer.completionBody("sim/json~tokens=3~tps=0", null, "Json", null)));
      if (accept != null) {
        b.header("Accept", accept);
      }
      HttpResponse<String> r = TestServer.send(b.build());
      assertEquals(200, r.statusCode(), accept + ": " + r.body());
      assertTrue(
          r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
          String.valueOf(accept));
      assertEquals("stop", TestServer.json(r.body()).getString("finishReason"));
    }
  }

  @Test
  void aRefusedRequestIsAnAnswerOfItsOwnBeforeAnyEvent() {
    try (SseClient noMessages =
            SseClient.post("/api/completions", "{\"model\":\"sim/x\",\"messages\":[]}").open();
        SseClient unknownModel =
            SseClient.post(
                    "/api/completions",
                    TestServer.completionBody("nowhere/at-all", null, "Hi", null))
                .open();
        SseClient notSignedIn =
            SseClient.post("/api/completions", TestServer.completionBody("sim/x", null, "Hi", null))
                .header("Authorization", null)
                .open()) {
      for (SseClient c : List.of(noMessages, unknownModel)) {
        assertEquals(400, c.status(), c.body());
        assertTrue(c.header("Content-Type").startsWith("application/problem+json"));
        assertTrue(TestServer.json(c.body()).getString("detail", "").length() > 0, c.body());
      }
      assertEquals(401, notSignedIn.status());
    }
    Principals.Principal viewer = Principals.create("sse-viewer", "viewer");
    try (SseClient watcher =
        SseClient.post("/api/completions", TestServer.completionBody("sim/x", null, "Hi", null))
            .header("Authorization", viewer.bearer())
            .open()) {
      assertEquals(403, watcher.status(), "viewers may not start completions");
    }
  }

  @Test
  void aClientThatDisconnectsCancelsTheUpstreamWithinOneSecond() throws Exception {
    String goal = goal("leave");
    try (WsClient ws = WsClient.open("/ws/goals/" + goal)) {
      ws.awaitFirst(WAIT);
      // 400 tokens at 20 per second: twenty seconds unless cancelled.
      SseClient sse =
          SseClient.post(
                  "/api/completions",
                  TestServer.completionBody("sim/leave~tokens=400~tps=20", goal, "Leave", null))
              .open();
      String requestId = sse.await("llm.stream.chunk", WAIT).json().getString("requestId");
      long left = System.nanoTime();
      sse.close();
      JsonObject end = ws.awaitTerminal(requestId, WAIT);
      long cancelMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - left);
      assertEquals("llm.stream.end", end.getString("event"));
      assertEquals("cancelled", end.getJsonObject("data").getString("finishReason"));
      assertTrue(cancelMillis < 1_000, "cancelled " + cancelMillis + " ms after the client left");
    }
  }
}
