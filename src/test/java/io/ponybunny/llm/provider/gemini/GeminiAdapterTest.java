package io.ponybunny.llm.provider.gemini;

import static io.ponybunny.llm.provider.AdapterTestSupport.KEY;
import static io.ponybunny.llm.provider.AdapterTestSupport.body;
import static io.ponybunny.llm.provider.AdapterTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.call.ResponseAccumulator;
import io.ponybunny.llm.http.HttpCall;
import io.ponybunny.llm.provider.AdapterTestSupport;
import io.ponybunny.llm.provider.EndpointTarget;
import io.ponybunny.llm.provider.StreamParser;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GeminiAdapterTest {

  private final GeminiAdapter adapter = new GeminiAdapter();
  private final EndpointTarget target =
      new EndpointTarget("gemini", "https://generativelanguage.test", KEY);

  @Test
  void streamingRequest() {
    HttpCall call = adapter.buildRequest(target, AdapterTestSupport.request(), true);
    assertEquals(
        "https://generativelanguage.test/v1beta/models/m-1:streamGenerateContent?alt=sse",
        call.uri().toString());
    assertEquals(KEY, call.headers().get("x-goog-api-key"));
    JsonObject b = body(call);
    assertEquals(3, b.getJsonArray("contents").size());
    assertEquals("model", b.getJsonArray("contents").getJsonObject(1).getString("role"));
    assertEquals(
        "Paris",
        b.getJsonArray("contents")
            .getJsonObject(2)
            .getJsonArray("parts")
            .getJsonObject(0)
            .getString("text"));
    assertEquals(
        "Be brief.",
        b.getJsonObject("systemInstruction")
            .getJsonArray("parts")
            .getJsonObject(0)
            .getString("text"));
    assertEquals(256, b.getJsonObject("generationConfig").getInt("maxOutputTokens"));
    assertEquals(
        0.5, b.getJsonObject("generationConfig").getJsonNumber("temperature").doubleValue());
    assertEquals(
        "get_weather",
        b.getJsonArray("tools")
            .getJsonObject(0)
            .getJsonArray("functionDeclarations")
            .getJsonObject(0)
            .getString("name"));
    AdapterTestSupport.assertNoSecretInToString(call);
  }

  @Test
  void nonStreamingRequestWithoutKey() {
    HttpCall call =
        adapter.buildRequest(
            new EndpointTarget("g", "https://g.test/", null),
            new io.ponybunny.llm.api.LlmRequest(
                "models/gemini-2.5-flash",
                AdapterTestSupport.minimal().messages(),
                null,
                null,
                null),
            false);
    assertEquals(
        "https://g.test/v1beta/models/gemini-2.5-flash:generateContent", call.uri().toString());
    assertFalse(call.headers().containsKey("x-goog-api-key"));
    assertFalse(body(call).containsKey("generationConfig"));
    assertFalse(body(call).containsKey("systemInstruction"));
  }

  @Test
  void contentTypePicksFraming() {
    byte[] sse =
        utf8(
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]},"
                + "\"finishReason\":\"STOP\"}]}\n\n");
    assertEquals("a", run(adapter.newStreamParser("text/event-stream; charset=utf-8"), sse).text());
    byte[] array =
        utf8(
            "[{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"b\"}]},"
                + "\"finishReason\":\"STOP\"}]}]");
    LlmResponse r = run(adapter.newStreamParser("application/json"), array);
    assertEquals("b", r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
  }

  @Test
  void bareErrorObjectInJsonFraming() {
    LlmResponse r =
        run(
            adapter.newStreamParser("application/json"),
            utf8("{\"error\":{\"code\":400,\"message\":\"bad\",\"status\":\"INVALID_ARGUMENT\"}}"));
    assertEquals(FinishReason.ERROR, r.finishReason());
    assertEquals("INVALID_ARGUMENT", r.error().type());
    assertEquals(400, r.error().status());
  }

  @Test
  void strayLinesErrorKeepsTheMessage() {
    LlmResponse r =
        run(
            adapter.newStreamParser("text/event-stream"),
            utf8(
                "{\n  \"error\": {\n    \"code\": 499,\n    \"message\": \"The operation was "
                    + "cancelled.\",\n    \"status\": \"CANCELLED\"\n  }\n}\n"));
    assertEquals("The operation was cancelled.", r.error().message());
    assertEquals("CANCELLED", r.error().type());
  }

  private static LlmResponse run(StreamParser p, byte[] body) {
    ResponseAccumulator acc = new ResponseAccumulator();
    p.parseStreamChunk(body, 0, body.length, acc);
    p.endOfStream(acc);
    return acc.result();
  }

  @Test
  void parseResponse() {
    LlmResponse r =
        adapter.parseResponse(
            utf8(
                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
                    + "{\"text\":\"plan\",\"thought\":true},{\"text\":\"Hello\"},"
                    + "{\"functionCall\":{\"name\":\"f\",\"args\":{\"x\":1}}}]},"
                    + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":4,"
                    + "\"candidatesTokenCount\":5,\"thoughtsTokenCount\":6}}"));
    assertEquals("Hello", r.text());
    assertEquals("plan", r.reasoning());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(new TokenUsage(4, 11), r.usage());
    assertNull(r.toolCalls().get(0).id());
    assertEquals(1, r.toolCalls().get(0).arguments().asJsonObject().getInt("x"));
    LlmResponse blocked =
        adapter.parseResponse(utf8("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}"));
    assertEquals(FinishReason.CONTENT_FILTER, blocked.finishReason());
    assertEquals("SAFETY", blocked.rawFinishReason());
  }

  @Test
  void parseErrorWithRetryInfo() {
    ProviderException e =
        adapter.parseError(
            429,
            h -> null,
            utf8(
                "[{\"error\":{\"code\":429,\"message\":\"Quota\",\"status\":\"RESOURCE_EXHAUSTED\","
                    + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
                    + "\"retryDelay\":\"2s\"}]}}]"));
    RetryableProviderException r = assertInstanceOf(RetryableProviderException.class, e);
    assertEquals("gemini", r.provider());
    assertEquals(Duration.ofSeconds(2), r.retryAfter());
    assertEquals("RESOURCE_EXHAUSTED", r.errorType());
  }
}
