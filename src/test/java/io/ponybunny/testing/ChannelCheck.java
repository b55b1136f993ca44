package io.ponybunny.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays what one client received the way the console does and checks the protocol: a snapshot
 * first (or replayed events from {@code since + 1}), then a gapless seq; per request a start (or
 * the snapshot's state), chunks with consecutive indexes from where the snapshot left off, then
 * exactly one terminal event and nothing after it.
 */
public final class ChannelCheck {

  public final Map<String, StringBuilder> content = new HashMap<>();
  public final Map<String, Integer> nextIndex = new HashMap<>();
  public final Set<String> terminated = new HashSet<>();
  public final Map<String, JsonObject> terminal = new HashMap<>();
  public long seq;
  public String epoch;

  /** Applies a snapshot frame. */
  public void snapshot(JsonObject snap) {
    assertEquals("snapshot", snap.getString("type"), "first frame");
    seq = snap.getJsonNumber("seq").longValue();
    epoch = snap.getString("epoch");
    for (JsonValue v : snap.getJsonArray("streams")) {
      JsonObject s = v.asJsonObject();
      String id = s.getString("requestId");
      content.put(id, new StringBuilder(s.getString("content")));
      nextIndex.put(id, s.getInt("nextIndex"));
      if (!"streaming".equals(s.getString("status"))) {
        terminated.add(id);
      }
    }
  }

  /** Applies every message; the first must be a snapshot. */
  public void all(List<JsonObject> messages, String goal) {
    snapshot(messages.get(0));
    events(messages.subList(1, messages.size()), goal);
  }

  public void events(List<JsonObject> events, String goal) {
    for (JsonObject e : events) {
      event(e, goal);
    }
  }

  public void event(JsonObject e, String goal) {
    assertEquals("event", e.getString("type"), "only events after the first frame: " + e);
    assertEquals(++seq, e.getJsonNumber("seq").longValue(), "gapless seq");
    if (epoch != null) {
      assertEquals(epoch, e.getString("epoch"));
    }
    JsonObject d = e.getJsonObject("data");
    if (goal != null) {
      assertEquals(goal, d.getString("goalId", null), "isolation: a frame of another goal: " + e);
    }
    String id = d.getString("requestId", null);
    if (id == null) {
      return;
    }
    String name = e.getString("event");
    assertFalse(terminated.contains(id), "an event after the terminal one: " + e);
    switch (name) {
      case "llm.stream.start" -> {
        assertFalse(content.containsKey(id), "a second start: " + e);
        content.put(id, new StringBuilder());
        nextIndex.put(id, 0);
      }
      case "llm.stream.chunk" -> {
        assertNotNull(content.get(id), "a chunk before its start: " + e);
        assertEquals(nextIndex.get(id), d.getInt("index"), "chunk index order of " + id);
        content.get(id).append(d.getString("chunk"));
        nextIndex.put(id, d.getInt("index") + 1);
      }
      case "llm.stream.end", "llm.stream.error" -> {
        assertNotNull(content.get(id), "an end before its start: " + e);
        terminated.add(id);
        terminal.put(id, e);
      }
      default -> {
        // other events carry no stream state
      }
    }
  }

  /** Checks that {@code requestId} finished with exactly {@code expected} as its text. */
  public void assertComplete(String requestId, String expected) {
    assertTrue(terminated.contains(requestId), "finished: " + requestId);
    assertEquals(expected, content.get(requestId).toString(), "text of " + requestId);
  }
}
