package io.ponybunny.llm.provider.anthropic;

import static io.ponybunny.llm.provider.AdapterTestSupport.KEY;
import static io.ponybunny.llm.provider.AdapterTestSupport.body;
import static io.ponybunny.llm.provider.AdapterTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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
import org.junit.jupiter.api.Test;

class AnthropicAdapterTest {

  private final AnthropicAdapter adapter = new AnthropicAdapter();

  @Test
  void request() {
    HttpCall call =
        adapter.buildRequest(
            new EndpointTarget("anthropic", "https://api.anthropic.test", KEY),
            AdapterTestSupport.request(),
            true);
    assertEquals("https://api.anthropic.test/v1/messages", call.uri().toString());
    assertEquals(KEY, call.headers().get("x-api-key"));
    assertEquals("2023-06-01", call.headers().get("anthropic-version"));
    assertEquals("application/json", call.headers().get("content-type"));
    assertFalse(call.headers().containsKey("Authorization"));
    JsonObject b = body(call);
    assertEquals("Be brief.", b.getString("system"));
    assertEquals(3, b.getJsonArray("messages").size());
    assertEquals("user", b.getJsonArray("messages").getJsonObject(0).getString("role"));
    assertEquals(256, b.getInt("max_tokens"));
    assertEquals(true, b.getBoolean("stream"));
    JsonObject tool = b.getJsonArray("tools").getJsonObject(0);
    assertEquals("get_weather", tool.getString("name"));
    assertEquals("object", tool.getJsonObject("input_schema").getString("type"));
    AdapterTestSupport.assertNoSecretInToString(call);
  }

  @Test
  void minimalRequestDefaultsMaxTokensAndSendsNoKey() {
    HttpCall call =
        adapter.buildRequest(
            new EndpointTarget("a", "http://proxy/", ""), AdapterTestSupport.minimal(), false);
    assertEquals("http://proxy/v1/messages", call.uri().toString());
    assertFalse(call.headers().containsKey("x-api-key"));
    assertEquals(4096, body(call).getInt("max_tokens"));
    assertFalse(body(call).containsKey("system"));
    assertFalse(body(call).containsKey("stream"));
  }

  @Test
  void parseResponse() {
    LlmResponse r =
        adapter.parseResponse(
            utf8(
                "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":["
                    + "{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"s\"},"
                    + "{\"type\":\"text\",\"text\":\"Let me check.\"},"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\","
                    + "\"input\":{\"city\":\"Paris\"}}],\"stop_reason\":\"tool_use\","
                    + "\"usage\":{\"input_tokens\":20,\"output_tokens\":30}}"));
    assertEquals("Let me check.", r.text());
    assertEquals("hm", r.reasoning());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals("tool_use", r.rawFinishReason());
    assertEquals(new TokenUsage(20, 30), r.usage());
    assertEquals("toolu_1", r.toolCalls().get(0).id());
    assertEquals("Paris", r.toolCalls().get(0).arguments().asJsonObject().getString("city"));
    LlmResponse err =
        adapter.parseResponse(
            utf8("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"x\"}}"));
    assertEquals(FinishReason.ERROR, err.finishReason());
  }

  @Test
  void overloadedEventMapsTo529() {
    StreamParser p = adapter.newStreamParser("text/event-stream");
    ResponseAccumulator acc = new ResponseAccumulator();
    byte[] body =
        utf8(
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}\n\n");
    p.parseStreamChunk(body, 0, body.length, acc);
    p.endOfStream(acc);
    LlmResponse r = acc.result();
    assertEquals(529, r.error().status());
    assertEquals("overloaded_error", r.error().type());
    assertEquals("Overloaded", r.error().message());
  }

  @Test
  void parseError() {
    ProviderException e =
        adapter.parseError(
            529,
            h -> null,
            utf8(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
    assertInstanceOf(RetryableProviderException.class, e);
    assertEquals("anthropic", e.provider());
    assertEquals("overloaded_error", e.errorType());
  }

  @Test
  void aWholeResponseCountsCacheWritesAndReadsAsInputAndReadsAsCached() {
    LlmResponse r =
        adapter.parseResponse(
            utf8(
                "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
                    + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":4,"
                    + "\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":900,"
                    + "\"output_tokens\":6}}"));
    assertEquals(new TokenUsage(1004, 6, 900), r.usage());
  }
}
