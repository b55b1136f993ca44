package io.ponybunny.sim;

import static io.ponybunny.sim.SimTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class OllamaWireTest {

  private final OllamaWire wire = new OllamaWire();

  @Test
  void ndjsonLinesThenDoneLine() {
    SimReply reply = textReply("That's a fantastic question! ✨");
    List<SimFrame> frames = wire.streamFrames(turn(reply, false));
    assertEquals(reply.tokens().size() + 1, frames.size());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < frames.size(); i++) {
      String line = frames.get(i).text();
      assertTrue(line.endsWith("\n"));
      assertEquals(1, line.chars().filter(c -> c == '\n').count(), "exactly one line per frame");
      JsonObject o = parse(line).asJsonObject();
      assertEquals("sim-default~tokens=5", o.getString("model"));
      assertTrue(o.getString("created_at").endsWith("Z"));
      boolean last = i == frames.size() - 1;
      assertEquals(last, o.getBoolean("done"));
      if (!last) {
        assertEquals("assistant", o.getJsonObject("message").getString("role"));
        sb.append(o.getJsonObject("message").getString("content"));
      } else {
        assertEquals("stop", o.getString("done_reason"));
        assertEquals(12, o.getInt("prompt_eval_count"));
        assertEquals(reply.tokens().size(), o.getInt("eval_count"));
        assertTrue(o.getJsonNumber("total_duration").longValue() > 0);
      }
    }
    assertEquals(reply.text(), sb.toString());
  }

  @Test
  void toolCallsArriveWholeInOneLine() {
    SimReply reply = toolReply("", new SimToolCall("O1", "get_weather", "{\"city\":\"Oslo\"}"));
    List<SimFrame> frames = wire.streamFrames(turn(reply, false));
    JsonObject o = parse(frames.get(0).text()).asJsonObject();
    JsonObject fn =
        o.getJsonObject("message")
            .getJsonArray("tool_calls")
            .getJsonObject(0)
            .getJsonObject("function");
    assertEquals("get_weather", fn.getString("name"));
    assertEquals("Oslo", fn.getJsonObject("arguments").getString("city"));
  }

  @Test
  void nonStreamingIsOneObjectAndErrorsAreFlat() {
    JsonObject o = parse(wire.completeBody(turn(textReply("Whole reply."), false))).asJsonObject();
    assertTrue(o.getBoolean("done"));
    assertEquals("Whole reply.", o.getJsonObject("message").getString("content"));
    assertEquals(
        "model not found",
        parse(wire.httpError(404, "model not found", null).body())
            .asJsonObject()
            .getString("error"));
    assertTrue(
        parse(wire.midStreamError(turn(textReply("x"), false), 1).text())
            .asJsonObject()
            .containsKey("error"));
  }
}
