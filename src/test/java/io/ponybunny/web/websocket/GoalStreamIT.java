package io.ponybunny.web.websocket;

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
import org.junit.jupiter.api.Test;

/**
 * A streamed completion from the simulator arrives on {@code /ws/goals/{goalId}} as start, chunks
 * with index 0..n-1 in order, then one end, and only on that goal's socket.
 */
class GoalStreamIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void streamedCompletionArrivesInOrderOnlyOnItsGoal() throws Exception {
    String goal = "g-" + UUID.randomUUID();
    String otherGoal = "other-" + UUID.randomUUID();
    try (WsClient mine = WsClient.open("/ws/goals/" + goal);
        WsClient other = WsClient.open("/ws/goals/" + otherGoal);
        WsClient all = WsClient.open("/ws/streams")) {

      HttpResponse<String> response = complete(goal, "Tell me about streaming.");
      assertEquals(200, response.statusCode(), response.body());
      JsonObject result = TestServer.json(response.body());
      String requestId = result.getString("requestId");
      String content = result.getString("content");
      assertFalse(content.isEmpty(), "the simulator replied with text");
      assertEquals("stop", result.getString("finishReason"));
      assertTrue(result.getInt("tokensUsed") > 0, "usage reached the caller");

      mine.awaitTerminal(requestId, WAIT);
      List<JsonObject> events = eventsOf(mine.events(), requestId);
      assertEquals("llm.stream.start", events.get(0).getString("event"));
      assertEquals(goal, data(events.get(0)).getString("goalId"));
      JsonObject last = events.get(events.size() - 1);
      assertEquals("llm.stream.end", last.getString("event"));
      assertEquals("stop", data(last).getString("finishReason"));
      assertEquals(result.getInt("tokensUsed"), data(last).getInt("tokensUsed"));

      List<JsonObject> chunks = events.subList(1, events.size() - 1);
      assertEquals(data(last).getInt("totalChunks"), chunks.size());
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < chunks.size(); i++) {
        JsonObject c = chunks.get(i);
        assertEquals("llm.stream.chunk", c.getString("event"));
        assertEquals(i, data(c).getInt("index"), "chunk index order");
        text.append(data(c).getString("chunk"));
      }
      assertEquals(content, text.toString(), "the chunks add up to the returned content");
      assertSeqGapless(mine.events());

      // The all-streams channel saw the same request; then the other goal gets its own stream
      // and never a frame of ours.
      all.awaitTerminal(requestId, WAIT);
      String otherRequest =
          TestServer.json(complete(otherGoal, "Another question.").body()).getString("requestId");
      other.awaitTerminal(otherRequest, WAIT);
      for (JsonObject e : other.events()) {
        assertEquals(otherGoal, data(e).getString("goalId"), "isolation: " + e);
      }
      for (JsonObject e : mine.events()) {
        assertEquals(goal, data(e).getString("goalId"), "isolation: " + e);
      }
    }
  }

  @Test
  void invalidGoalIdIsRefusedWithPolicyClose() {
    try (WsClient r = WsClient.open("/ws/goals/" + "x".repeat(200))) {
      assertEquals(1008, r.awaitClose(WAIT));
    }
  }

  private static HttpResponse<String> complete(String goal, String prompt) {
    return TestServer.postJson(
        "/api/completions",
        "{\"messages\":[{\"role\":\"user\",\"content\":\""
            + prompt
            + "\"}],\"goalId\":\""
            + goal
            + "\",\"stream\":true}");
  }

  static List<JsonObject> eventsOf(List<JsonObject> events, String requestId) {
    return events.stream().filter(e -> requestId.equals(data(e).getString("requestId"))).toList();
  }

  static void assertSeqGapless(List<JsonObject> events) {
    long expected = events.get(0).getJsonNumber("seq").longValue();
    for (JsonObject e : events) {
      assertEquals(expected++, e.getJsonNumber("seq").longValue(), "gapless seq");
    }
  }

  static JsonObject data(JsonObject event) {
    return event.getJsonObject("data");
  }
}
