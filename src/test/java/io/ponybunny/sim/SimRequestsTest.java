package io.ponybunny.sim;

import static io.ponybunny.sim.SimTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Tool round-trips in the shapes SDKs send them, read by each protocol's prompt extraction. */
class SimRequestsTest {

  private static JsonObject json(String text) {
    return parse(text).asJsonObject();
  }

  @Test
  void openAiChatReadsContentListsNullContentAndEndsOnTheToolMessage() {
    SimPrompt p =
        SimRequests.openAiChat(
            json(
                """
                {"model":"m","messages":[
                {"role":"developer","content":[{"type":"text","text":"Be brief."}]},
                {"role":"user","content":[{"type":"text","text":"Weather"},{"type":"text","text":"in Paris?"}]},
                {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
                 "function":{"name":"get_weather","arguments":"{}"}}]},
                {"role":"tool","tool_call_id":"c1","content":[{"type":"text","text":"Sunny"}]}]}"""));
    assertEquals("Weather in Paris?", p.lastUserText());
    assertEquals("Be brief.", p.systemText());
    assertEquals("Sunny", p.toolResult());
    assertEquals(6, p.promptTokens());
  }

  @Test
  void aMessageAfterTheToolResultEndsTheToolTurn() {
    SimPrompt p =
        SimRequests.ollama(
            json(
                """
                {"model":"m","messages":[{"role":"tool","content":"Sunny","tool_name":"get_weather"},
                {"role":"user","content":"Thanks"}]}"""));
    assertNull(p.toolResult());
    assertEquals("Thanks", p.lastUserText());
  }

  @Test
  void anEmptyToolMessageIsStillAToolResult() {
    SimPrompt p = SimRequests.ollama(json("{\"messages\":[{\"role\":\"tool\",\"content\":null}]}"));
    assertEquals("", p.toolResult());
  }

  @Test
  void anthropicToolResultBlocksAreTheToolResultAndNoUserText() {
    SimPrompt p =
        SimRequests.anthropic(
            json(
                """
                {"model":"m","system":[{"type":"text","text":"Be brief."}],"messages":[
                {"role":"user","content":"Weather?"},
                {"role":"assistant","content":[{"type":"text","text":"Checking."},
                 {"type":"tool_use","id":"t1","name":"get_weather","input":{"city":"Paris"}}]},
                {"role":"user","content":[
                 {"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"Sunny"}]},
                 {"type":"tool_result","tool_use_id":"t2","content":"Warm","is_error":false}]}]}"""));
    assertEquals("Weather?", p.lastUserText());
    assertEquals("Sunny Warm", p.toolResult());
    assertEquals("Be brief.", p.systemText());
  }

  @Test
  void anthropicTextBesideToolResultsIsUserText() {
    SimPrompt p =
        SimRequests.anthropic(
            json(
                """
                {"messages":[{"role":"user","content":[
                 {"type":"tool_result","tool_use_id":"t1","content":"Sunny"},
                 {"type":"text","text":"Summarise please"}]}]}"""));
    assertEquals("Summarise please", p.lastUserText());
    assertEquals("Sunny", p.toolResult());
  }

  @Test
  void responsesFunctionCallOutputIsTheToolResult() {
    SimPrompt p =
        SimRequests.responses(
            json(
                """
                {"model":"m","input":[
                {"role":"user","content":[{"type":"input_text","text":"Weather?"}]},
                {"type":"function_call","call_id":"c1","name":"get_weather","arguments":"{}"},
                {"type":"function_call_output","call_id":"c1","output":"Sunny"}]}"""));
    assertEquals("Weather?", p.lastUserText());
    assertEquals("Sunny", p.toolResult());
  }

  @Test
  void geminiFunctionResponsesAreTheToolResultWhateverTheirResponseHolds() {
    SimPrompt p =
        SimRequests.gemini(
            json(
                """
                {"contents":[{"role":"user","parts":[{"text":"Weather?"}]},
                {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{}},
                 "thoughtSignature":"sig"}]},
                {"role":"function","parts":[
                 {"functionResponse":{"name":"get_weather","response":{"content":"Sunny"}}},
                 {"functionResponse":{"name":"get_time","response":{"hour":12}}}]}]}"""));
    assertEquals("Weather?", p.lastUserText());
    assertEquals("Sunny {\"hour\":12}", p.toolResult());
  }
}
