package io.ponybunny.llm.provider.openai;

import static io.ponybunny.llm.provider.AdapterTestSupport.KEY;
import static io.ponybunny.llm.provider.AdapterTestSupport.body;
import static io.ponybunny.llm.provider.AdapterTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.NonRetryableProviderException;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.http.HttpCall;
import io.ponybunny.llm.provider.AdapterTestSupport;
import io.ponybunny.llm.provider.EndpointTarget;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenAiAdapterTest {

  private final OpenAiAdapter adapter = new OpenAiAdapter();
  private final EndpointTarget target = new EndpointTarget("openai", "https://api.test/v1/", KEY);

  @Test
  void streamingRequest() {
    HttpCall call = adapter.buildRequest(target, AdapterTestSupport.request(), true);
    assertEquals("https://api.test/v1/chat/completions", call.uri().toString());
    assertEquals("Bearer " + KEY, call.headers().get("Authorization"));
    assertEquals("application/json", call.headers().get("Content-Type"));
    assertEquals("text/event-stream", call.headers().get("Accept"));
    JsonObject b = body(call);
    assertEquals("m-1", b.getString("model"));
    assertEquals(4, b.getJsonArray("messages").size());
    assertEquals("system", b.getJsonArray("messages").getJsonObject(0).getString("role"));
    assertEquals(256, b.getInt("max_tokens"));
    assertEquals(0.5, b.getJsonNumber("temperature").doubleValue());
    assertTrue(b.getBoolean("stream"));
    assertTrue(b.getJsonObject("stream_options").getBoolean("include_usage"));
    JsonObject tool = b.getJsonArray("tools").getJsonObject(0);
    assertEquals("function", tool.getString("type"));
    assertEquals("get_weather", tool.getJsonObject("function").getString("name"));
    assertEquals("Looks up weather", tool.getJsonObject("function").getString("description"));
    assertEquals(
        "object", tool.getJsonObject("function").getJsonObject("parameters").getString("type"));
    AdapterTestSupport.assertNoSecretInToString(call);
  }

  @Test
  void nonStreamingRequestWithoutKey() {
    HttpCall call =
        adapter.buildRequest(
            new EndpointTarget("local", "http://localhost:11434/v1", null),
            AdapterTestSupport.minimal(),
            false);
    assertEquals("http://localhost:11434/v1/chat/completions", call.uri().toString());
    assertFalse(call.headers().containsKey("Authorization"));
    JsonObject b = body(call);
    assertFalse(b.containsKey("stream"));
    assertFalse(b.containsKey("stream_options"));
    assertFalse(b.containsKey("max_tokens"));
    assertFalse(b.containsKey("tools"));
    HttpCall blank =
        adapter.buildRequest(
            new EndpointTarget("local", "http://x/v1", "  "), AdapterTestSupport.minimal(), false);
    assertFalse(blank.headers().containsKey("Authorization"));
  }

  @Test
  void parseResponseWithToolCalls() {
    LlmResponse r =
        adapter.parseResponse(
            utf8(
                "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"Calling.\","
                    + "\"reasoning_content\":\"why\",\"tool_calls\":[{\"id\":\"call_1\","
                    + "\"type\":\"function\",\"function\":{\"name\":\"f\","
                    + "\"arguments\":\"{\\\"a\\\":1}\"}}]},\"finish_reason\":\"tool_calls\"}],"
                    + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12}}"));
    assertEquals("Calling.", r.text());
    assertEquals("why", r.reasoning());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(new TokenUsage(5, 7), r.usage());
    assertEquals("call_1", r.toolCalls().get(0).id());
    assertEquals(1, r.toolCalls().get(0).arguments().asJsonObject().getInt("a"));
    assertNull(r.error());
  }

  @Test
  void parseResponseLengthAndGarbage() {
    LlmResponse r =
        adapter.parseResponse(
            utf8(
                "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"ab\"},"
                    + "\"finish_reason\":\"length\"}]}"));
    assertEquals(FinishReason.LENGTH, r.finishReason());
    assertEquals(FinishReason.ERROR, adapter.parseResponse(utf8("<html>")).finishReason());
  }

  @Test
  void parseError() {
    ProviderException e =
        adapter.parseError(
            429,
            h -> h.equalsIgnoreCase("retry-after") ? "2" : null,
            utf8("{\"error\":{\"message\":\"Rate limited\",\"type\":\"requests\"}}"));
    RetryableProviderException r = assertInstanceOf(RetryableProviderException.class, e);
    assertEquals("openai", r.provider());
    assertEquals(Duration.ofSeconds(2), r.retryAfter());
    assertEquals("Rate limited", r.getMessage());
    assertInstanceOf(
        NonRetryableProviderException.class, adapter.parseError(401, h -> null, new byte[0]));
  }

  @Test
  void aWholeResponseReportsCachedPromptTokens() {
    LlmResponse r =
        adapter.parseResponse(
            utf8(
                "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"ok\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1300,"
                    + "\"completion_tokens\":2,\"prompt_tokens_details\":{\"cached_tokens\":1280}}}"));
    assertEquals(new TokenUsage(1300, 2, 1280), r.usage());
  }
}
