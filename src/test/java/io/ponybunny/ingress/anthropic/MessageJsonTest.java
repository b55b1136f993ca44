package io.ponybunny.ingress.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.json.JsonSupport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The non-streamed {@code message} object. */
class MessageJsonTest {

  @Test
  void aWholeAnswerIsAMessageWithThinkingTextAndToolUseBlocks() {
    LlmResponse response =
        new LlmResponse(
            "Looking.",
            "Think.",
            List.of(
                new ToolCall(
                    null,
                    "weather",
                    JsonSupport.readValue("{\"city\":\"Oslo\"}"),
                    "{\"city\":\"Oslo\"}"),
                new ToolCall("toolu_up", "time", null, "{\"broken")),
            new TokenUsage(12, 7),
            FinishReason.TOOL_CALLS,
            "tool_calls",
            null);
    assertEquals(
        "{\"id\":\"msg_9f\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"fast\","
            + "\"content\":[{\"type\":\"thinking\",\"thinking\":\"Think.\",\"signature\":\""
            + MessageIds.signature("req_9f", 0)
            + "\"},{\"type\":\"text\",\"text\":\"Looking.\"},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_9f_0\",\"name\":\"weather\","
            + "\"input\":{\"city\":\"Oslo\"}},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_up\",\"name\":\"time\",\"input\":{}}],"
            + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":12,\"output_tokens\":7}}",
        MessageJson.message("req_9f", "fast", response).toString());
  }

  @Test
  void upstreamToolIdsAnthropicRefusesAreReplacedByStableOnes() {
    assertEquals("call_ab-C_1", MessageIds.toolUse("req_1", 0, "call_ab-C_1"));
    assertEquals("toolu_1_2", MessageIds.toolUse("req_1", 2, "functions.f:0"));
    assertEquals("toolu_1_2", MessageIds.toolUse("req_1", 2, null));
  }
}
