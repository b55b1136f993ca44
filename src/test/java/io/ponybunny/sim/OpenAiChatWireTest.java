package io.ponybunny.sim;

import static io.ponybunny.sim.SimTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiChatWireTest {

  private final OpenAiChatWire wire = new OpenAiChatWire();

  @Test
  void textStreamHasRoleContentFinishUsageAndDone() {
    SimReply reply = textReply("Hello **café** world 🐴!");
    List<SimFrame> frames = wire.streamFrames(turn(reply, true));
    SimFrame last = frames.get(frames.size() - 1);
    assertEquals("data: [DONE]\n\n", last.text());
    List<Sse> events = sse(frames.subList(0, frames.size() - 1), "\n");

    StringBuilder text = new StringBuilder();
    for (Sse e : events) {
      assertNull(e.event());
      JsonObject c = e.json();
      assertEquals("chatcmpl-abc123", c.getString("id"));
      assertEquals("chat.completion.chunk", c.getString("object"));
      assertEquals(CREATED.getEpochSecond(), c.getJsonNumber("created").longValue());
      assertEquals("sim-default~tokens=5", c.getString("model"));
      assertTrue(c.containsKey("system_fingerprint"));
    }
    JsonObject role = events.get(0).json().getJsonArray("choices").getJsonObject(0);
    assertEquals("assistant", role.getJsonObject("delta").getString("role"));
    assertEquals("", role.getJsonObject("delta").getString("content"));
    assertTrue(role.isNull("finish_reason"));

    int contentFrames = 0;
    for (int i = 1; i < events.size() - 2; i++) {
      JsonObject choice = events.get(i).json().getJsonArray("choices").getJsonObject(0);
      text.append(choice.getJsonObject("delta").getString("content"));
      assertTrue(frames.get(i).content());
      contentFrames++;
    }
    assertEquals(reply.text(), text.toString());
    assertEquals(reply.tokens().size(), contentFrames);

    JsonObject finish =
        events.get(events.size() - 2).json().getJsonArray("choices").getJsonObject(0);
    assertEquals(0, finish.getJsonObject("delta").size());
    assertEquals("stop", finish.getString("finish_reason"));

    JsonObject usageChunk = events.get(events.size() - 1).json();
    assertEquals(0, usageChunk.getJsonArray("choices").size());
    JsonObject usage = usageChunk.getJsonObject("usage");
    assertEquals(12, usage.getInt("prompt_tokens"));
    assertEquals(reply.tokens().size(), usage.getInt("completion_tokens"));
    assertEquals(12 + reply.tokens().size(), usage.getInt("total_tokens"));
  }

  @Test
  void noUsageChunkWithoutIncludeUsage() {
    List<SimFrame> frames = wire.streamFrames(turn(textReply("a b"), false));
    assertEquals(1 + 2 + 1 + 1, frames.size());
    assertFalse(concat(frames).contains("\"usage\""));
  }

  @Test
  void multiByteCharactersSurviveAsUtf8() {
    List<SimFrame> frames = wire.streamFrames(turn(textReply("Voilà 🐴"), false));
    byte[] bytes = frames.get(2).bytes();
    String s = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(s.contains("🐴"));
    assertTrue(bytes.length > s.length(), "emoji must be multi-byte UTF-8");
  }

  @Test
  void toolCallFragmentsReassembleToArguments() {
    String args = "{\"city\":\"Zürich\",\"days\":3}";
    SimReply reply = toolReply("", new SimToolCall("X1", "get_weather", args));
    List<SimFrame> frames = wire.streamFrames(turn(reply, true));
    List<Sse> events = sse(frames.subList(0, frames.size() - 1), "\n");
    assertTrue(
        events
            .get(0)
            .json()
            .getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("delta")
            .isNull("content"));
    JsonObject header =
        events
            .get(1)
            .json()
            .getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("delta")
            .getJsonArray("tool_calls")
            .getJsonObject(0);
    assertEquals(0, header.getInt("index"));
    assertEquals("call_X1", header.getString("id"));
    assertEquals("function", header.getString("type"));
    assertEquals("get_weather", header.getJsonObject("function").getString("name"));
    assertEquals("", header.getJsonObject("function").getString("arguments"));
    StringBuilder sb = new StringBuilder();
    int i = 2;
    for (; i < events.size(); i++) {
      JsonObject choice = events.get(i).json().getJsonArray("choices").getJsonObject(0);
      JsonObject delta = choice.getJsonObject("delta");
      if (!delta.containsKey("tool_calls")) {
        break;
      }
      JsonObject tc = delta.getJsonArray("tool_calls").getJsonObject(0);
      assertEquals(0, tc.getInt("index"));
      assertFalse(tc.containsKey("id"));
      sb.append(tc.getJsonObject("function").getString("arguments"));
    }
    assertTrue(sb.length() > 0 && i > 3, "arguments must come in several fragments");
    assertEquals(args, sb.toString());
    assertEquals(
        "tool_calls",
        events.get(i).json().getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
  }

  @Test
  void completeBodyIsAChatCompletion() {
    SimReply reply = textReply("Just text.");
    JsonObject body = parse(wire.completeBody(turn(reply, false))).asJsonObject();
    assertEquals("chat.completion", body.getString("object"));
    JsonObject choice = body.getJsonArray("choices").getJsonObject(0);
    assertEquals("Just text.", choice.getJsonObject("message").getString("content"));
    assertEquals("assistant", choice.getJsonObject("message").getString("role"));
    assertEquals("stop", choice.getString("finish_reason"));
    assertEquals(14, body.getJsonObject("usage").getInt("total_tokens"));
  }

  @Test
  void completeBodyCarriesToolCalls() {
    SimReply reply = toolReply("", new SimToolCall("X1", "f", "{\"a\":1}"));
    JsonObject msg =
        parse(wire.completeBody(turn(reply, false)))
            .asJsonObject()
            .getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("message");
    assertTrue(msg.isNull("content"));
    JsonObject tc = msg.getJsonArray("tool_calls").getJsonObject(0);
    assertEquals("call_X1", tc.getString("id"));
    assertEquals("{\"a\":1}", tc.getJsonObject("function").getString("arguments"));
  }

  @Test
  void errorsUseTheOpenAiEnvelope() {
    SimHttpError e = wire.httpError(429, "slow down", 7);
    JsonObject err = parse(e.body()).asJsonObject().getJsonObject("error");
    assertEquals("slow down", err.getString("message"));
    assertEquals("rate_limit_exceeded", err.getString("code"));
    assertTrue(err.containsKey("type") && err.containsKey("param"));
    assertEquals("7", e.headers().get("Retry-After"));
    assertEquals("7000", e.headers().get("retry-after-ms"));
    assertTrue(e.body().startsWith("{\n  \"error\": {\n    \"message\""));
  }

  @Test
  void midStreamErrorIsADataFrameWithErrorObject() {
    Sse e = sseFrame(wire.midStreamError(turn(textReply("x"), false), 3), "\n");
    assertEquals("server_error", e.json().getJsonObject("error").getString("type"));
  }

  @Test
  void malformedFrameIsSseButNotJson() {
    Sse e = sseFrame(wire.malformedFrame(turn(textReply("x"), false)), "\n");
    assertThrows(jakarta.json.JsonException.class, () -> parse(e.data()));
  }
}
