package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.api.ToolSpec;
import io.ponybunny.llm.http.HttpCall;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Shared request fixtures for the adapter tests. */
public final class AdapterTestSupport {

  public static final String KEY = "sk-FAKE-not-a-key";

  private AdapterTestSupport() {}

  public static LlmRequest request() {
    JsonObject schema =
        (JsonObject)
            JsonSupport.readValue(
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");
    return new LlmRequest(
        "m-1",
        List.of(
            ChatMessage.system("Be brief."),
            ChatMessage.user("Weather?"),
            ChatMessage.assistant("Which city?"),
            ChatMessage.user("Paris")),
        256,
        0.5,
        List.of(new ToolSpec("get_weather", "Looks up weather", schema)));
  }

  public static LlmRequest minimal() {
    return new LlmRequest("m-1", List.of(ChatMessage.user("Hi")), null, null, null);
  }

  /**
   * A conversation with tool round-trips: an assistant turn with text and two calls (the second
   * with arguments that did not parse), their two results, an assistant turn of one call without
   * text and its result, the last message.
   */
  public static LlmRequest toolRoundTrip(String model) {
    return new LlmRequest(
        model,
        List.of(
            ChatMessage.system("Be brief."),
            ChatMessage.user("Weather in Paris and Rome?"),
            ChatMessage.assistant(
                "Checking.",
                List.of(
                    new ToolCall(
                        "c1",
                        "get_weather",
                        JsonSupport.readValue("{\"city\": \"Paris\"}"),
                        "{\"city\": \"Paris\"}"),
                    new ToolCall("c2", "get_weather", null, "{\"city\":\"Ro"))),
            ChatMessage.toolResult("c1", "Sunny"),
            ChatMessage.toolResult("c2", "Rainy"),
            ChatMessage.assistant(
                null, List.of(new ToolCall("c3", "get_time", JsonValue.EMPTY_JSON_OBJECT, "{}"))),
            ChatMessage.toolResult("c3", "noon")),
        null,
        null,
        null);
  }

  public static JsonObject body(HttpCall call) {
    return (JsonObject) JsonSupport.readValue(call.body());
  }

  public static void assertNoSecretInToString(HttpCall call) {
    assertFalse(call.toString().contains(KEY), call.toString());
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Every chunk {@code parser} emits for {@code body} fed whole, end of stream included. */
  public static List<StreamChunk> chunks(StreamParser parser, String body) {
    byte[] bytes = utf8(body);
    List<StreamChunk> out = new ArrayList<>();
    parser.parseStreamChunk(bytes, 0, bytes.length, out::add);
    parser.endOfStream(out::add);
    return out;
  }
}
