package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.provider.anthropic.AnthropicAdapter;
import io.ponybunny.llm.provider.gemini.GeminiAdapter;
import io.ponybunny.llm.provider.gemini.GeminiJsonArrayAdapter;
import io.ponybunny.llm.provider.ollama.OllamaAdapter;
import io.ponybunny.llm.provider.openai.OpenAiAdapter;
import io.ponybunny.llm.provider.openai.OpenAiResponsesAdapter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A tool round-trip ({@link AdapterTestSupport#toolRoundTrip}) in every protocol's request body,
 * byte for byte, the expected JSON written from each provider's documented format. {@link
 * RequestBytesTest} pins the bytes of conversations without tool calls.
 */
class ToolTurnBytesTest {

  private static final EndpointTarget TARGET = new EndpointTarget("e", "http://h.test", null);

  private static final LlmRequest ROUND_TRIP = AdapterTestSupport.toolRoundTrip("m-1");

  private static final String GEMINI =
      """
      {"contents":[{"role":"user","parts":[{"text":"Weather in Paris and Rome?"}]},\
      {"role":"model","parts":[{"text":"Checking."},\
      {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"skip_thought_signature_validator"},\
      {"functionCall":{"name":"get_weather","args":{}}}]},\
      {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"content":"Sunny"}}},\
      {"functionResponse":{"name":"get_weather","response":{"content":"Rainy"}}}]},\
      {"role":"model","parts":[{"functionCall":{"name":"get_time","args":{}},"thoughtSignature":"skip_thought_signature_validator"}]},\
      {"role":"user","parts":[{"functionResponse":{"name":"get_time","response":{"content":"noon"}}}]}],\
      "systemInstruction":{"parts":[{"text":"Be brief."}]}}""";

  static Stream<Arguments> protocols() {
    return Stream.of(
        Arguments.of(
            "OpenAiAdapter",
            new OpenAiAdapter(),
            """
            {"model":"m-1","messages":[{"role":"system","content":"Be brief."},\
            {"role":"user","content":"Weather in Paris and Rome?"},\
            {"role":"assistant","content":"Checking.","tool_calls":[\
            {"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},\
            {"id":"c2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Ro"}}]},\
            {"role":"tool","tool_call_id":"c1","content":"Sunny"},\
            {"role":"tool","tool_call_id":"c2","content":"Rainy"},\
            {"role":"assistant","content":null,"tool_calls":[\
            {"id":"c3","type":"function","function":{"name":"get_time","arguments":"{}"}}]},\
            {"role":"tool","tool_call_id":"c3","content":"noon"}]}"""),
        Arguments.of(
            "OpenAiResponsesAdapter",
            new OpenAiResponsesAdapter(),
            """
            {"model":"m-1","instructions":"Be brief.","input":[\
            {"type":"message","role":"user","content":"Weather in Paris and Rome?"},\
            {"type":"message","role":"assistant","content":"Checking."},\
            {"type":"function_call","call_id":"c1","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"},\
            {"type":"function_call","call_id":"c2","name":"get_weather","arguments":"{\\"city\\":\\"Ro"},\
            {"type":"function_call_output","call_id":"c1","output":"Sunny"},\
            {"type":"function_call_output","call_id":"c2","output":"Rainy"},\
            {"type":"function_call","call_id":"c3","name":"get_time","arguments":"{}"},\
            {"type":"function_call_output","call_id":"c3","output":"noon"}],"stream":false}"""),
        Arguments.of(
            "AnthropicAdapter",
            new AnthropicAdapter(),
            """
            {"model":"m-1","system":"Be brief.","messages":[\
            {"role":"user","content":"Weather in Paris and Rome?"},\
            {"role":"assistant","content":[{"type":"text","text":"Checking."},\
            {"type":"tool_use","id":"c1","name":"get_weather","input":{"city":"Paris"}},\
            {"type":"tool_use","id":"c2","name":"get_weather","input":{}}]},\
            {"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":"Sunny"},\
            {"type":"tool_result","tool_use_id":"c2","content":"Rainy"}]},\
            {"role":"assistant","content":[{"type":"tool_use","id":"c3","name":"get_time","input":{}}]},\
            {"role":"user","content":[{"type":"tool_result","tool_use_id":"c3","content":"noon"}]}],\
            "max_tokens":4096}"""),
        Arguments.of("GeminiAdapter", new GeminiAdapter(), GEMINI),
        Arguments.of("GeminiJsonArrayAdapter", new GeminiJsonArrayAdapter(), GEMINI),
        Arguments.of(
            "OllamaAdapter",
            new OllamaAdapter(),
            """
            {"model":"m-1","messages":[{"role":"system","content":"Be brief."},\
            {"role":"user","content":"Weather in Paris and Rome?"},\
            {"role":"assistant","content":"Checking.","tool_calls":[\
            {"function":{"name":"get_weather","arguments":{"city":"Paris"}}},\
            {"function":{"name":"get_weather","arguments":{}}}]},\
            {"role":"tool","content":"Sunny","tool_name":"get_weather"},\
            {"role":"tool","content":"Rainy","tool_name":"get_weather"},\
            {"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_time","arguments":{}}}]},\
            {"role":"tool","content":"noon","tool_name":"get_time"}],"stream":false}"""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protocols")
  void aToolRoundTripGoesInTheProtocolsOwnShape(
      String name, ProtocolAdapter adapter, String expected) {
    assertEquals(expected, adapter.buildRequest(TARGET, ROUND_TRIP, false).body());
  }

  @Test
  void aResultWhoseCallIsNotInTheConversationGoesToGeminiAsText() {
    LlmRequest orphan =
        new LlmRequest(
            "m-1",
            List.of(ChatMessage.user("Go"), ChatMessage.toolResult("elsewhere", "42")),
            null,
            null,
            null);
    assertEquals(
        """
        {"contents":[{"role":"user","parts":[{"text":"Go"}]},{"role":"user","parts":[{"text":"42"}]}]}""",
        new GeminiAdapter().buildRequest(TARGET, orphan, false).body());
  }
}
