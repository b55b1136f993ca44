package io.ponybunny.llm.provider.ollama;

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

class OllamaAdapterTest {

  private final OllamaAdapter adapter = new OllamaAdapter();

  @Test
  void request() {
    HttpCall call =
        adapter.buildRequest(
            new EndpointTarget("ollama", "http://localhost:11434", null),
            AdapterTestSupport.request(),
            true);
    assertEquals("http://localhost:11434/api/chat", call.uri().toString());
    assertFalse(call.headers().containsKey("Authorization"));
    JsonObject b = body(call);
    assertEquals(true, b.getBoolean("stream"));
    assertEquals(4, b.getJsonArray("messages").size());
    assertEquals(256, b.getJsonObject("options").getInt("num_predict"));
    assertEquals(0.5, b.getJsonObject("options").getJsonNumber("temperature").doubleValue());
    assertEquals(
        "get_weather",
        b.getJsonArray("tools").getJsonObject(0).getJsonObject("function").getString("name"));
    HttpCall keyed =
        adapter.buildRequest(
            new EndpointTarget("o", "https://ollama.test", KEY),
            AdapterTestSupport.minimal(),
            false);
    assertEquals("Bearer " + KEY, keyed.headers().get("Authorization"));
    assertEquals(false, body(keyed).getBoolean("stream"));
    assertFalse(body(keyed).containsKey("options"));
    AdapterTestSupport.assertNoSecretInToString(keyed);
  }

  @Test
  void parseResponse() {
    LlmResponse r =
        adapter.parseResponse(
            utf8(
                "{\"model\":\"q\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\","
                    + "\"thinking\":\"t\"},\"done\":true,\"done_reason\":\"stop\","
                    + "\"prompt_eval_count\":3,\"eval_count\":2}"));
    assertEquals("Hi", r.text());
    assertEquals("t", r.reasoning());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals(new TokenUsage(3, 2), r.usage());
    LlmResponse tools =
        adapter.parseResponse(
            utf8(
                "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                    + "{\"function\":{\"name\":\"f\",\"arguments\":{\"a\":[1]}}}]},\"done\":true,"
                    + "\"done_reason\":\"stop\"}"));
    assertEquals(FinishReason.TOOL_CALLS, tools.finishReason());
    assertEquals("{\"a\":[1]}", tools.toolCalls().get(0).rawArguments());
  }

  @Test
  void parseError() {
    var e = adapter.parseError(404, h -> null, utf8("{\"error\":\"model \\\"x\\\" not found\"}"));
    assertEquals("ollama", e.provider());
    assertEquals("model \"x\" not found", e.getMessage());
  }
}
