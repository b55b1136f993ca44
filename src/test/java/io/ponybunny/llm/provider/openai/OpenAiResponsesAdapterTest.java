package io.ponybunny.llm.provider.openai;

import static io.ponybunny.llm.provider.AdapterTestSupport.KEY;
import static io.ponybunny.llm.provider.AdapterTestSupport.body;
import static io.ponybunny.llm.provider.AdapterTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.http.HttpCall;
import io.ponybunny.llm.provider.AdapterTestSupport;
import io.ponybunny.llm.provider.EndpointTarget;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class OpenAiResponsesAdapterTest {

  private final OpenAiResponsesAdapter adapter = new OpenAiResponsesAdapter();

  @Test
  void request() {
    HttpCall call =
        adapter.buildRequest(
            new EndpointTarget("openai", "https://api.test/v1", KEY),
            AdapterTestSupport.request(),
            true);
    assertEquals("https://api.test/v1/responses", call.uri().toString());
    assertEquals("Bearer " + KEY, call.headers().get("Authorization"));
    JsonObject b = body(call);
    assertEquals("Be brief.", b.getString("instructions"));
    assertEquals(3, b.getJsonArray("input").size());
    assertEquals("assistant", b.getJsonArray("input").getJsonObject(1).getString("role"));
    assertEquals(256, b.getInt("max_output_tokens"));
    assertEquals(true, b.getBoolean("stream"));
    JsonObject tool = b.getJsonArray("tools").getJsonObject(0);
    assertEquals("function", tool.getString("type"));
    assertEquals("get_weather", tool.getString("name"));
    AdapterTestSupport.assertNoSecretInToString(call);
    HttpCall noKey =
        adapter.buildRequest(
            new EndpointTarget("x", "http://x/v1", null), AdapterTestSupport.minimal(), false);
    assertFalse(noKey.headers().containsKey("Authorization"));
    assertFalse(body(noKey).containsKey("instructions"));
    assertEquals(false, body(noKey).getBoolean("stream"));
  }

  @Test
  void parseResponse() {
    LlmResponse r =
        adapter.parseResponse(
            utf8(
                "{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":["
                    + "{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"hm\"}]},"
                    + "{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hi\"}]},"
                    + "{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_9\","
                    + "\"name\":\"f\",\"arguments\":\"{}\"}],"
                    + "\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}"));
    assertEquals("Hi", r.text());
    assertEquals("hm", r.reasoning());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals("call_9", r.toolCalls().get(0).id());
    assertEquals(new TokenUsage(3, 4), r.usage());
    LlmResponse inc =
        adapter.parseResponse(
            utf8(
                "{\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"},"
                    + "\"output\":[]}"));
    assertEquals(FinishReason.LENGTH, inc.finishReason());
    LlmResponse failed =
        adapter.parseResponse(
            utf8(
                "{\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"boom\"}}"));
    assertEquals(FinishReason.ERROR, failed.finishReason());
    assertEquals("boom", failed.error().message());
  }

  @Test
  void parseError() {
    assertEquals("openai-responses", adapter.parseError(500, h -> null, new byte[0]).provider());
  }
}
