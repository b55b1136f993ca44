package io.ponybunny.sim;

import static io.ponybunny.sim.SimTestSupport.parse;
import static org.junit.jupiter.api.Assertions.*;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimServiceTest {

  private final SimPacerTest.FakeTime time = new SimPacerTest.FakeTime();
  private final SimRecorder recorder =
      new SimRecorder(100, Clock.fixed(Instant.parse("2025-05-05T00:00:00Z"), ZoneOffset.UTC));
  private SimSettings settings = SimSettings.DEFAULTS;
  private final SimService service =
      new SimService(
          () -> settings,
          recorder,
          new SimResponder(),
          new SimPacer(time, time),
          Clock.fixed(Instant.parse("2025-05-05T00:00:00Z"), ZoneOffset.UTC));

  private SimResult openAi(String body) {
    return service.serve(
        new SimCall(
            new OpenAiChatWire(),
            body,
            null,
            null,
            false,
            b -> SimRequests.chatMessages(b, "max_tokens"),
            List.of("Authorization", "Content-Type"),
            null));
  }

  private static String body(SimResult r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    r.body().writeTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String chat(String model, boolean stream) {
    return "{\"model\":\""
        + model
        + "\",\"stream\":"
        + stream
        + ",\"stream_options\":{\"include_usage\":true},"
        + "\"messages\":[{\"role\":\"system\",\"content\":\"Be nice\"},"
        + "{\"role\":\"user\",\"content\":\"What is a pony?\"}]}";
  }

  @Test
  void streamsPacedSseAndRecordsTheRequest() throws IOException {
    SimResult r = openAi(chat("sim~tokens=5~tps=10~id=s1", true));
    assertEquals(200, r.status());
    assertEquals("text/event-stream", r.mediaType());
    String sse = body(r);
    assertTrue(sse.endsWith("data: [DONE]\n\n"));
    assertTrue(
        sse.contains("\"prompt_tokens\":6,\"completion_tokens\":5,\"total_tokens\":11"), sse);
    assertEquals(4, time.sleeps.size(), "5 tokens at 10/s: 4 waits");
    Map<String, Object> snap = recorder.snapshot("s1");
    assertEquals(1L, snap.get("count"));
    assertEquals((long) sse.getBytes(StandardCharsets.UTF_8).length, snap.get("bytesSent"));
    assertEquals(List.of("authorization", "content-type"), snap.get("lastHeaders"));
    assertNotNull(snap.get("lastFinishedAt"));
    assertEquals(false, snap.get("clientClosed"));
  }

  @Test
  void nonStreamingReturnsOneJson() throws IOException {
    SimResult r = openAi(chat("sim", false));
    JsonObject o = parse(body(r)).asJsonObject();
    assertEquals("chat.completion", o.getString("object"));
    assertTrue(
        o.getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("message")
            .getString("content")
            .contains("What is a pony?"));
  }

  @Test
  void statusFailsOnlyTheFirstNRequestsOfAnId() throws IOException {
    String model = "sim~status=429~retry-after=2~fail-times=2~id=flaky";
    SimResult first = openAi(chat(model, true));
    assertEquals(429, first.status());
    assertEquals("2", first.headers().get("Retry-After"));
    assertEquals(
        "rate_limit_exceeded",
        parse(body(first)).asJsonObject().getJsonObject("error").getString("code"));
    assertEquals(429, openAi(chat(model, true)).status());
    assertEquals(200, openAi(chat(model, true)).status());
    recorder.clear();
    assertEquals(429, openAi(chat(model, true)).status(), "DELETE resets counting");
  }

  @Test
  void badScenarioAndBadJsonGive400InTheProviderEnvelope() throws IOException {
    SimResult r = openAi(chat("sim~nope=1", true));
    assertEquals(400, r.status());
    JsonObject err = parse(body(r)).asJsonObject().getJsonObject("error");
    assertEquals("invalid_request_error", err.getString("type"));
    assertTrue(err.getString("message").contains("nope"));
    assertEquals(400, openAi("{not json").status());
    assertEquals(400, openAi("{\"messages\":[]}").status());
  }

  @Test
  void disabledAnswers404Problem() throws IOException {
    settings = new SimSettings(false, 40);
    SimResult r = openAi(chat("sim", true));
    assertEquals(404, r.status());
    assertEquals("application/problem+json", r.mediaType());
    assertEquals(404, parse(body(r)).asJsonObject().getInt("status"));
  }

  @Test
  void cutAfterBytesAbortsAndErrorAfterChunksEndsWithTheError() throws IOException {
    SimResult cut = openAi(chat("sim~cut-after-bytes=50~tps=0", true));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThrows(SimCutException.class, () -> cut.body().writeTo(out));
    assertEquals(50, out.size());

    String s = body(openAi(chat("sim~error-after-chunks=2~tps=0", true)));
    String[] frames = s.split("\n\n");
    assertEquals(1 + 2 + 1, frames.length);
    assertTrue(frames[3].startsWith("data: {\"error\":"));
    assertFalse(s.contains("[DONE]"));
  }

  @Test
  void anthropicWithoutVersionHeaderIs400() throws IOException {
    SimResult r =
        service.serve(
            new SimCall(
                new AnthropicWire(),
                "{\"model\":\"sim\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                null,
                null,
                false,
                SimRequests::anthropic,
                List.of(),
                "anthropic-version: header is required"));
    assertEquals(400, r.status());
    JsonObject o = parse(body(r)).asJsonObject();
    assertEquals("error", o.getString("type"));
    assertEquals("invalid_request_error", o.getJsonObject("error").getString("type"));
  }

  @Test
  void ollamaStreamsByDefaultAndGeminiPathDecidesStreaming() throws IOException {
    SimResult ollama =
        service.serve(
            new SimCall(
                new OllamaWire(),
                "{\"model\":\"sim~tokens=3~tps=0\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                null,
                null,
                true,
                b -> SimRequests.chatMessages(b),
                List.of(),
                null));
    assertEquals("application/x-ndjson", ollama.mediaType());
    assertEquals(4, body(ollama).split("\n").length);

    SimResult gemini =
        service.serve(
            new SimCall(
                GeminiWire.sse(),
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi there\"}]}]}",
                GeminiSimResource.modelFromPath("sim%7Etokens%3D2~tps=0"),
                true,
                false,
                SimRequests::gemini,
                List.of(),
                null));
    String sse = body(gemini);
    assertEquals(2, sse.split("\r\n\r\n").length);
    assertTrue(sse.contains("\"promptTokenCount\": 2"), sse);
  }
}
