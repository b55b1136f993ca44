package io.ponybunny.ingress.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.api.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCompletionBodyTest {

  private static final ChatCompletionIds IDS = new ChatCompletionIds("req_77ff");

  @Test
  void aTextAnswerIsOneChoiceWithContentFinishReasonAndUsage() {
    String json =
        ChatCompletionBody.of(
            IDS,
            1_700_000_000L,
            "fast",
            new LlmResponse(
                "Hello",
                "mulled it",
                List.of(),
                new TokenUsage(4, 2),
                FinishReason.STOP,
                "end_turn",
                null));
    assertEquals(
        "{\"id\":\"chatcmpl-req_77ff\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"fast\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Hello\",\"refusal\":null,\"reasoning_content\":\"mulled it\"},"
            + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":4,"
            + "\"completion_tokens\":2,\"total_tokens\":6}}",
        json);
  }

  @Test
  void toolCallsOnlyHaveNullContentAndIdsEvenWhenTheProviderGaveNone() {
    String json =
        ChatCompletionBody.of(
            IDS,
            1_700_000_000L,
            "sim-gemini/x",
            new LlmResponse(
                "",
                null,
                List.of(
                    new ToolCall("call_up", "get_weather", null, "{\"city\":\"Oslo\"}"),
                    new ToolCall(null, "now", null, "")),
                new TokenUsage(4, null),
                FinishReason.TOOL_CALLS,
                null,
                null));
    assertEquals(
        "{\"id\":\"chatcmpl-req_77ff\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"sim-gemini/x\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
            + "\"assistant\",\"content\":null,\"refusal\":null,\"tool_calls\":[{\"id\":\"call_up\","
            + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":"
            + "\"{\\\"city\\\":\\\"Oslo\\\"}\"}},{\"id\":\"call_77ff_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"now\",\"arguments\":\"{}\"}}]},\"logprobs\":null,"
            + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":4,"
            + "\"completion_tokens\":0,\"total_tokens\":4}}",
        json);
  }

  @Test
  void finishReasonsMapToOpenAisWords() {
    assertEquals("length", finish(FinishReason.LENGTH));
    assertEquals("content_filter", finish(FinishReason.CONTENT_FILTER));
    assertEquals("tool_calls", finish(FinishReason.TOOL_CALLS));
    assertEquals("stop", finish(FinishReason.STOP));
    assertEquals("stop", finish(FinishReason.CANCELLED));
  }

  private static String finish(FinishReason reason) {
    return OpenAiFinishReason.of(
        new LlmResponse("x", null, List.of(), TokenUsage.NONE, reason, null, null));
  }
}
