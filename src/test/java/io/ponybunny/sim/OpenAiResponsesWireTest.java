package io.ponybunny.sim;

import static io.ponybunny.sim.SimTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpenAiResponsesWireTest {

  private final OpenAiResponsesWire wire = new OpenAiResponsesWire();

  @Test
  void textStreamFollowsTheEventSequence() {
    SimReply reply = textReply("The capital of France is Paris. 🇫🇷");
    List<Sse> events = sse(wire.streamFrames(turn(reply, false)), "\n");
    List<String> names = events.stream().map(Sse::event).collect(Collectors.toList());
    int n = reply.tokens().size();
    assertEquals("response.created", names.get(0));
    assertEquals("response.in_progress", names.get(1));
    assertEquals("response.output_item.added", names.get(2));
    assertEquals("response.content_part.added", names.get(3));
    for (int i = 0; i < n; i++) {
      assertEquals("response.output_text.delta", names.get(4 + i));
    }
    assertEquals(
        List.of(
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.completed"),
        names.subList(4 + n, names.size()));

    StringBuilder text = new StringBuilder();
    for (int i = 0; i < events.size(); i++) {
      JsonObject d = events.get(i).json();
      assertEquals(events.get(i).event(), d.getString("type"), "event name matches data.type");
      assertEquals(i, d.getInt("sequence_number"));
      if (d.getString("type").equals("response.output_text.delta")) {
        assertEquals("msg_abc123", d.getString("item_id"));
        assertEquals(0, d.getInt("output_index"));
        assertEquals(0, d.getInt("content_index"));
        text.append(d.getString("delta"));
      }
    }
    assertEquals(reply.text(), text.toString());
    assertEquals(reply.text(), events.get(4 + n).json().getString("text"));

    JsonObject done = events.get(events.size() - 1).json().getJsonObject("response");
    assertEquals("completed", done.getString("status"));
    JsonObject usage = done.getJsonObject("usage");
    assertEquals(12, usage.getInt("input_tokens"));
    assertEquals(n, usage.getInt("output_tokens"));
    assertEquals(12 + n, usage.getInt("total_tokens"));
    assertEquals(
        reply.text(),
        done.getJsonArray("output")
            .getJsonObject(0)
            .getJsonArray("content")
            .getJsonObject(0)
            .getString("text"));
    assertTrue(events.get(0).json().getJsonObject("response").isNull("usage"));
  }

  @Test
  void functionCallStreamsArguments() {
    String args = "{\"country\":\"France\"}";
    SimReply reply = toolReply("", new SimToolCall("K9", "get_capital", args));
    List<Sse> events = sse(wire.streamFrames(turn(reply, false)), "\n");
    JsonObject added = events.get(2).json();
    assertEquals("response.output_item.added", added.getString("type"));
    JsonObject item = added.getJsonObject("item");
    assertEquals("function_call", item.getString("type"));
    assertEquals("call_K9", item.getString("call_id"));
    assertEquals("get_capital", item.getString("name"));
    StringBuilder sb = new StringBuilder();
    String doneArgs = null;
    for (Sse e : events) {
      JsonObject d = e.json();
      if (e.event().equals("response.function_call_arguments.delta")) {
        assertEquals(item.getString("id"), d.getString("item_id"));
        sb.append(d.getString("delta"));
      } else if (e.event().equals("response.function_call_arguments.done")) {
        doneArgs = d.getString("arguments");
      }
    }
    assertEquals(args, sb.toString());
    assertEquals(args, doneArgs);
    JsonObject completed = events.get(events.size() - 1).json().getJsonObject("response");
    JsonObject out = completed.getJsonArray("output").getJsonObject(0);
    assertEquals("function_call", out.getString("type"));
    assertEquals(args, out.getString("arguments"));
  }

  @Test
  void lengthFinishEndsIncomplete() {
    SimReply reply = new SimReply(List.of("a", " b"), List.of(), "length");
    List<Sse> events = sse(wire.streamFrames(turn(reply, false)), "\n");
    Sse last = events.get(events.size() - 1);
    assertEquals("response.incomplete", last.event());
    assertEquals(
        "max_output_tokens",
        last.json()
            .getJsonObject("response")
            .getJsonObject("incomplete_details")
            .getString("reason"));
  }

  @Test
  void completeBodyIsTheResponseObject() {
    JsonObject r = parse(wire.completeBody(turn(textReply("Hi there"), false))).asJsonObject();
    assertEquals("response", r.getString("object"));
    assertEquals("resp_abc123", r.getString("id"));
    assertEquals("completed", r.getString("status"));
    assertEquals(2, r.getJsonObject("usage").getInt("output_tokens"));
  }

  @Test
  void midStreamErrorIsAnErrorEvent() {
    Sse e = sseFrame(wire.midStreamError(turn(textReply("x"), false), 5), "\n");
    assertEquals("error", e.event());
    assertEquals("error", e.json().getString("type"));
    assertEquals(5, e.json().getInt("sequence_number"));
  }
}
