package io.ponybunny.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;

/** Checks of the per-request stream contract on recorded WebSocket events. */
public final class StreamAssertions {

  private StreamAssertions() {}

  /** The events of one request, in arrival order. */
  public static List<JsonObject> eventsOf(List<JsonObject> events, String requestId) {
    return events.stream()
        .filter(e -> requestId.equals(e.getJsonObject("data").getString("requestId", null)))
        .toList();
  }

  /**
   * Start, then chunks with index 0..n-1, then exactly one terminal event of {@code terminal};
   * returns the concatenated chunk text.
   */
  public static String assertWellFormed(List<JsonObject> events, String terminal) {
    assertTrue(events.size() >= 2, "at least start and a terminal event: " + events);
    String trace = trace(events);
    assertEquals("llm.stream.start", events.get(0).getString("event"), trace);
    StringBuilder text = new StringBuilder();
    for (int i = 1; i < events.size() - 1; i++) {
      JsonObject e = events.get(i);
      assertEquals("llm.stream.chunk", e.getString("event"), trace);
      assertEquals(i - 1, e.getJsonObject("data").getInt("index"), trace);
      text.append(e.getJsonObject("data").getString("chunk"));
    }
    assertEquals(terminal, events.get(events.size() - 1).getString("event"), trace);
    return text.toString();
  }

  /** "start@seq chunk#index@seq … end@seq", for failure messages. */
  public static String trace(List<JsonObject> events) {
    StringBuilder sb = new StringBuilder();
    for (JsonObject e : events) {
      String name = e.getString("event").replace("llm.stream.", "");
      sb.append(name);
      if (e.getJsonObject("data").containsKey("index")) {
        sb.append('#').append(e.getJsonObject("data").getInt("index"));
      }
      if (e.containsKey("seq")) {
        sb.append('@').append(e.getJsonNumber("seq"));
      }
      sb.append(' ');
    }
    return sb.toString().trim();
  }

  /** Whether {@code message} is a terminal event (end or error); a snapshot is not. */
  public static boolean isTerminal(JsonObject message) {
    String event = message.getString("event", "");
    return event.equals("llm.stream.end") || event.equals("llm.stream.error");
  }

  public static JsonObject data(JsonObject event) {
    return event.getJsonObject("data");
  }
}
