package io.ponybunny.sim;

import static io.ponybunny.sim.SimTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiWireTest {

  @Test
  void sseFramesUseCrlfAndCumulativeUsage() {
    SimReply reply = textReply("The capital of Wyoming is **Cheyenne**. 🤠");
    List<SimFrame> frames = GeminiWire.sse().streamFrames(turn(reply, false));
    assertEquals(reply.tokens().size(), frames.size());
    List<Sse> events = sse(frames, "\r\n");
    StringBuilder sb = new StringBuilder();
    int prev = 0;
    for (int i = 0; i < events.size(); i++) {
      assertTrue(events.get(i).data().startsWith("{\"candidates\": [{"), events.get(i).data());
      JsonObject c = events.get(i).json();
      JsonObject cand = c.getJsonArray("candidates").getJsonObject(0);
      assertEquals("model", cand.getJsonObject("content").getString("role"));
      assertEquals(0, cand.getInt("index"));
      sb.append(
          cand.getJsonObject("content").getJsonArray("parts").getJsonObject(0).getString("text"));
      JsonObject usage = c.getJsonObject("usageMetadata");
      assertEquals(12, usage.getInt("promptTokenCount"));
      int out = usage.getInt("candidatesTokenCount");
      assertTrue(out > prev, "usage must be cumulative");
      prev = out;
      assertEquals(12 + out, usage.getInt("totalTokenCount"));
      assertEquals(i == events.size() - 1, cand.containsKey("finishReason"));
      assertEquals("abc123", c.getString("responseId"));
      assertTrue(c.containsKey("modelVersion"));
    }
    assertEquals(reply.text(), sb.toString());
    assertEquals(reply.outputTokens(), prev);
    assertEquals(
        "STOP",
        events
            .get(events.size() - 1)
            .json()
            .getJsonArray("candidates")
            .getJsonObject(0)
            .getString("finishReason"));
  }

  @Test
  void jsonArrayFramingMatchesTheRealApi() {
    SimReply reply = textReply("How about Charles?");
    List<SimFrame> frames = GeminiWire.jsonArray().streamFrames(turn(reply, false));
    assertEquals(reply.tokens().size() + 1, frames.size());
    assertTrue(frames.get(0).text().startsWith("[{\n  \"candidates\": [\n    {\n"));
    for (int i = 1; i < frames.size() - 1; i++) {
      assertTrue(frames.get(i).text().startsWith("\n,\r\n{\n"), frames.get(i).text());
    }
    assertEquals("\n]", frames.get(frames.size() - 1).text());
    String body = concat(frames);
    assertTrue(body.endsWith("\n}\n]"));
    assertEquals(reply.tokens().size() - 1, body.split("\n,\r\n", -1).length - 1);
    JsonArray array = parse(body).asJsonArray();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < array.size(); i++) {
      sb.append(
          array
              .getJsonObject(i)
              .getJsonArray("candidates")
              .getJsonObject(0)
              .getJsonObject("content")
              .getJsonArray("parts")
              .getJsonObject(0)
              .getString("text"));
    }
    assertEquals(reply.text(), sb.toString());
    assertEquals(
        "MAX_TOKENS",
        parse(
                concat(
                    GeminiWire.jsonArray()
                        .streamFrames(
                            turn(new SimReply(List.of("a"), List.of(), "length"), false))))
            .asJsonArray()
            .getJsonObject(0)
            .getJsonArray("candidates")
            .getJsonObject(0)
            .getString("finishReason"));
  }

  @Test
  void functionCallPartsCarryArgsObjects() {
    SimReply reply =
        toolReply("", new SimToolCall("G1", "get_current_temperature", "{\"city\":\"Paris\"}"));
    List<Sse> events = sse(GeminiWire.sse().streamFrames(turn(reply, false)), "\r\n");
    assertEquals(1, events.size());
    JsonObject cand = events.get(0).json().getJsonArray("candidates").getJsonObject(0);
    JsonObject call =
        cand.getJsonObject("content")
            .getJsonArray("parts")
            .getJsonObject(0)
            .getJsonObject("functionCall");
    assertEquals("get_current_temperature", call.getString("name"));
    assertEquals("Paris", call.getJsonObject("args").getString("city"));
    assertEquals("STOP", cand.getString("finishReason"));
  }

  @Test
  void jsonArrayMidStreamErrorClosesTheArray() {
    GeminiWire wire = GeminiWire.jsonArray();
    SimTurn t = turn(textReply("a b c"), false);
    List<SimFrame> frames = wire.streamFrames(t);
    String body = frames.get(0).text() + wire.midStreamError(t, 1).text();
    JsonArray array = parse(body).asJsonArray();
    assertEquals(503, array.getJsonObject(1).getJsonObject("error").getInt("code"));
    assertEquals("UNAVAILABLE", array.getJsonObject(1).getJsonObject("error").getString("status"));
    JsonArray onlyError = parse(wire.midStreamError(t, 0).text()).asJsonArray();
    assertEquals(1, onlyError.size());
  }

  @Test
  void sseMidStreamErrorIsAnErrorChunk() {
    Sse e = sseFrame(GeminiWire.sse().midStreamError(turn(textReply("a"), false), 1), "\r\n");
    assertTrue(e.json().containsKey("error"));
  }

  @Test
  void rateLimitErrorHasRetryInfo() {
    SimHttpError e = GeminiWire.sse().httpError(429, "Resource exhausted", 5);
    JsonObject err = parse(e.body()).asJsonObject().getJsonObject("error");
    assertEquals(429, err.getInt("code"));
    assertEquals("RESOURCE_EXHAUSTED", err.getString("status"));
    JsonObject info = err.getJsonArray("details").getJsonObject(0);
    assertEquals("type.googleapis.com/google.rpc.RetryInfo", info.getString("@type"));
    assertEquals("5s", info.getString("retryDelay"));
    assertEquals(
        "2s",
        parse(GeminiWire.sse().httpError(429, "x", null).body())
            .asJsonObject()
            .getJsonObject("error")
            .getJsonArray("details")
            .getJsonObject(0)
            .getString("retryDelay"));
    assertFalse(
        parse(GeminiWire.sse().httpError(500, "x", null).body())
            .asJsonObject()
            .getJsonObject("error")
            .containsKey("details"));
  }

  @Test
  void completeBodyIsOneResponse() {
    JsonObject r =
        parse(GeminiWire.jsonArray().completeBody(turn(textReply("All of it."), false)))
            .asJsonObject();
    JsonObject cand = r.getJsonArray("candidates").getJsonObject(0);
    assertEquals(
        "All of it.",
        cand.getJsonObject("content").getJsonArray("parts").getJsonObject(0).getString("text"));
    assertEquals(3, r.getJsonObject("usageMetadata").getInt("candidatesTokenCount"));
  }
}
