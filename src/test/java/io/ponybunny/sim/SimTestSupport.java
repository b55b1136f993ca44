package io.ponybunny.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Shared fixtures and a strict little SSE reader for the simulator tests. */
final class SimTestSupport {

  static final Instant CREATED = Instant.parse("2025-01-02T03:04:05Z");

  private SimTestSupport() {}

  /** One parsed SSE event. */
  record Sse(String event, String data) {
    JsonObject json() {
      return parse(data).asJsonObject();
    }
  }

  static SimReply textReply(String text) {
    return new SimReply(SimResponder.tokenize(text), List.of(), "stop");
  }

  static SimReply toolReply(String text, SimToolCall... calls) {
    return new SimReply(SimResponder.tokenize(text), List.of(calls), "tool_calls");
  }

  static SimTurn turn(SimReply reply, boolean includeUsage) {
    return new SimTurn("sim-default~tokens=5", 12, reply, "abc123", CREATED, includeUsage);
  }

  static JsonStructure parse(String json) {
    try (JsonReader r = Json.createReader(new StringReader(json))) {
      return r.read();
    }
  }

  static String concat(List<SimFrame> frames) {
    StringBuilder sb = new StringBuilder();
    frames.forEach(f -> sb.append(f.text()));
    return sb.toString();
  }

  /**
   * Parses one SSE frame that must be exactly one event terminated by a blank line, with the given
   * line ending.
   */
  static Sse sseFrame(SimFrame frame, String eol) {
    String s = frame.text();
    assertTrue(s.endsWith(eol + eol), () -> "frame not terminated by a blank line: " + s);
    String body = s.substring(0, s.length() - 2 * eol.length());
    if (eol.equals("\r\n")) {
      assertTrue(!body.replace("\r\n", "").contains("\n"), "bare LF in CRLF frame");
    }
    String event = null;
    String data = null;
    for (String line : body.split(eol, -1)) {
      if (line.startsWith("event: ")) {
        assertEquals(null, event, "two event lines");
        event = line.substring(7);
      } else if (line.startsWith("data: ")) {
        assertEquals(null, data, "two data lines");
        data = line.substring(6);
      } else {
        throw new AssertionError("unexpected SSE line: " + line);
      }
    }
    assertTrue(data != null, "no data line");
    return new Sse(event, data);
  }

  static List<Sse> sse(List<SimFrame> frames, String eol) {
    List<Sse> out = new ArrayList<>();
    for (SimFrame f : frames) {
      out.add(sseFrame(f, eol));
    }
    return out;
  }
}
