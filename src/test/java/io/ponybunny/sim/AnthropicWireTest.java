package io.ponybunny.sim;

import static io.ponybunny.sim.SimTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AnthropicWireTest {

  private final AnthropicWire wire = new AnthropicWire();

  @Test
  void textStreamHasTheMessagesEventSequence() {
    SimReply reply = textReply("Hello there, señor! 👋");
    List<Sse> events = sse(wire.streamFrames(turn(reply, false)), "\n");
    List<String> names = events.stream().map(Sse::event).collect(Collectors.toList());
    int n = reply.tokens().size();
    assertEquals("message_start", names.get(0));
    assertEquals("content_block_start", names.get(1));
    assertEquals("ping", names.get(2));
    assertEquals(
        List.of("content_block_stop", "message_delta", "message_stop"),
        names.subList(3 + n, names.size()));

    for (Sse e : events) {
      assertEquals(e.event(), e.json().getString("type"));
    }
    JsonObject message = events.get(0).json().getJsonObject("message");
    assertEquals("msg_abc123", message.getString("id"));
    assertEquals("assistant", message.getString("role"));
    assertEquals(12, message.getJsonObject("usage").getInt("input_tokens"));
    assertEquals(1, message.getJsonObject("usage").getInt("output_tokens"));
    assertEquals("text", events.get(1).json().getJsonObject("content_block").getString("type"));

    StringBuilder sb = new StringBuilder();
    for (Sse e : events.subList(3, 3 + n)) {
      JsonObject delta = e.json().getJsonObject("delta");
      assertEquals("text_delta", delta.getString("type"));
      assertEquals(0, e.json().getInt("index"));
      sb.append(delta.getString("text"));
    }
    assertEquals(reply.text(), sb.toString());
    JsonObject md = events.get(events.size() - 2).json();
    assertEquals("end_turn", md.getJsonObject("delta").getString("stop_reason"));
    assertEquals(n, md.getJsonObject("usage").getInt("output_tokens"));
  }

  @Test
  void toolUseBlockStreamsInputJson() {
    String args = "{\"location\":\"Paris\",\"unit\":\"°C\"}";
    SimReply reply = toolReply("Let me check.", new SimToolCall("T1", "get_weather", args));
    List<Sse> events = sse(wire.streamFrames(turn(reply, false)), "\n");
    int start = -1;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).event().equals("content_block_start")
          && events.get(i).json().getInt("index") == 1) {
        start = i;
      }
    }
    assertTrue(start > 0);
    JsonObject block = events.get(start).json().getJsonObject("content_block");
    assertEquals("tool_use", block.getString("type"));
    assertEquals("toolu_T1", block.getString("id"));
    assertEquals("get_weather", block.getString("name"));
    assertEquals(0, block.getJsonObject("input").size());
    JsonObject first = events.get(start + 1).json().getJsonObject("delta");
    assertEquals("input_json_delta", first.getString("type"));
    assertEquals("", first.getString("partial_json"));
    StringBuilder sb = new StringBuilder();
    int i = start + 1;
    for (; events.get(i).event().equals("content_block_delta"); i++) {
      sb.append(events.get(i).json().getJsonObject("delta").getString("partial_json"));
    }
    assertEquals(args, sb.toString());
    assertEquals("content_block_stop", events.get(i).event());
    assertEquals(
        "tool_use",
        events.get(events.size() - 2).json().getJsonObject("delta").getString("stop_reason"));
  }

  @Test
  void completeBodyIsAMessage() {
    SimReply reply = toolReply("Ok.", new SimToolCall("T1", "f", "{\"a\":[1,2]}"));
    JsonObject m = parse(wire.completeBody(turn(reply, false))).asJsonObject();
    assertEquals("message", m.getString("type"));
    assertEquals("tool_use", m.getString("stop_reason"));
    assertEquals("Ok.", m.getJsonArray("content").getJsonObject(0).getString("text"));
    JsonObject tool = m.getJsonArray("content").getJsonObject(1);
    assertEquals(2, tool.getJsonObject("input").getJsonArray("a").size());
    assertEquals(reply.outputTokens(), m.getJsonObject("usage").getInt("output_tokens"));
  }

  @Test
  void errorsUseTheAnthropicEnvelope() {
    SimHttpError e = wire.httpError(529, "Overloaded", 3);
    JsonObject body = parse(e.body()).asJsonObject();
    assertEquals("error", body.getString("type"));
    assertEquals("overloaded_error", body.getJsonObject("error").getString("type"));
    assertEquals("Overloaded", body.getJsonObject("error").getString("message"));
    assertTrue(body.getString("request_id").startsWith("req_"));
    assertEquals("3", e.headers().get("Retry-After"));
    assertEquals(
        "invalid_request_error",
        parse(wire.httpError(400, "x", null).body())
            .asJsonObject()
            .getJsonObject("error")
            .getString("type"));
  }

  @Test
  void midStreamErrorIsAnErrorEvent() {
    Sse e = sseFrame(wire.midStreamError(turn(textReply("x"), false), 2), "\n");
    assertEquals("error", e.event());
    assertEquals("overloaded_error", e.json().getJsonObject("error").getString("type"));
    assertEquals("Overloaded", e.json().getJsonObject("error").getString("message"));
  }
}
