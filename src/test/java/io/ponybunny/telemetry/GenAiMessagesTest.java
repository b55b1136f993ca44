package io.ponybunny.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Prompts and answers as the conventions' message JSON (recorded only when opted in). */
class GenAiMessagesTest {

  @Test
  void theConversationBecomesMessagesOfParts() {
    JsonValue args = JsonSupport.readValue("{\"expression\":\"2+2\"}");
    String json =
        GenAiMessages.input(
            List.of(
                ChatMessage.system("Be brief."),
                ChatMessage.user("What is 2+2?"),
                ChatMessage.assistant(
                    "Let me compute.", List.of(new ToolCall("call_1", "calculator", args, null))),
                ChatMessage.toolResult("call_1", "4")));
    assertEquals(
        JsonSupport.readValue(
            "["
                + "{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be brief.\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What is 2+2?\"}]},"
                + "{\"role\":\"assistant\",\"parts\":["
                + "{\"type\":\"text\",\"content\":\"Let me compute.\"},"
                + "{\"type\":\"tool_call\",\"id\":\"call_1\",\"name\":\"calculator\","
                + "\"arguments\":{\"expression\":\"2+2\"}}]},"
                + "{\"role\":\"tool\",\"parts\":["
                + "{\"type\":\"tool_call_response\",\"id\":\"call_1\",\"response\":\"4\"}]}"
                + "]"),
        JsonSupport.readValue(json));
  }

  @Test
  void theAnswerIsOneAssistantMessageWithReasoningTextToolCallsAndFinishReason() {
    String json =
        GenAiMessages.output(
            new LlmResponse(
                "Calling.",
                "thinking",
                List.of(new ToolCall(null, "calculator", null, "{\"expr")),
                new TokenUsage(1, 1),
                FinishReason.TOOL_CALLS,
                "tool_calls",
                null));
    assertEquals(
        JsonSupport.readValue(
            "[{\"role\":\"assistant\",\"parts\":["
                + "{\"type\":\"reasoning\",\"content\":\"thinking\"},"
                + "{\"type\":\"text\",\"content\":\"Calling.\"},"
                + "{\"type\":\"tool_call\",\"name\":\"calculator\",\"arguments\":\"{\\\"expr\"}"
                + "],\"finish_reason\":\"tool_call\"}]"),
        JsonSupport.readValue(json));
  }
}
