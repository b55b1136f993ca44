package io.ponybunny.ingress.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.NonRetryableProviderException;
import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.api.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCompletionChunksTest {

  private static final ChatCompletionIds IDS = new ChatCompletionIds("req_0123abcd");
  private static final String HEAD =
      "{\"id\":\"chatcmpl-req_0123abcd\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
          + "\"model\":\"medium\",";

  private static String chunk(String delta, String finish, boolean usageNull) {
    return "data: "
        + HEAD
        + "\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"logprobs\":null,\"finish_reason\":"
        + finish
        + "}]"
        + (usageNull ? ",\"usage\":null" : "")
        + "}\n\n";
  }

  private static LlmResponse response(
      String text, List<ToolCall> calls, FinishReason reason, Integer in, Integer out) {
    return new LlmResponse(text, "", calls, new TokenUsage(in, out), reason, null, null);
  }

  @Test
  void textStreamsAsRoleThenContentThenFinishThenDone() {
    ChatCompletionChunks chunks = new ChatCompletionChunks(IDS, 1_700_000_000L, "medium", false);
    String wire =
        chunks.delta(new StreamChunk.TextDelta("Hel"))
            + chunks.delta(new StreamChunk.TextDelta("lo \"you\"\n"))
            + chunks.end(response("Hello", List.of(), FinishReason.STOP, 3, 2));
    assertEquals(
        chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", false)
            + chunk("{\"content\":\"Hel\"}", "null", false)
            + chunk("{\"content\":\"lo \\\"you\\\"\\n\"}", "null", false)
            + chunk("{}", "\"stop\"", false)
            + "data: [DONE]\n\n",
        wire);
  }

  @Test
  void withUsageAskedEveryChunkHasNullUsageAndAUsageChunkWithNoChoicesEnds() {
    ChatCompletionChunks chunks = new ChatCompletionChunks(IDS, 1_700_000_000L, "medium", true);
    String wire =
        chunks.delta(new StreamChunk.TextDelta("Hi"))
            + chunks.end(response("Hi", List.of(), FinishReason.LENGTH, 12, 1));
    assertEquals(
        chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", true)
            + chunk("{\"content\":\"Hi\"}", "null", true)
            + chunk("{}", "\"length\"", true)
            + "data: "
            + HEAD
            + "\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":1,"
            + "\"total_tokens\":13}}\n\n"
            + "data: [DONE]\n\n",
        wire);
  }

  @Test
  void unreportedUsageCountsAsZero() {
    ChatCompletionChunks chunks = new ChatCompletionChunks(IDS, 1_700_000_000L, "medium", true);
    String wire = chunks.end(response("", List.of(), FinishReason.STOP, null, null));
    assertEquals(
        chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", true)
            + chunk("{}", "\"stop\"", true)
            + "data: "
            + HEAD
            + "\"choices\":[],\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":0,"
            + "\"total_tokens\":0}}\n\n"
            + "data: [DONE]\n\n",
        wire);
  }

  @Test
  void reasoningStreamsAsReasoningContent() {
    ChatCompletionChunks chunks = new ChatCompletionChunks(IDS, 1_700_000_000L, "medium", false);
    assertEquals(
        chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", false)
            + chunk("{\"reasoning_content\":\"think\"}", "null", false),
        chunks.delta(new StreamChunk.ReasoningDelta("think")));
    assertEquals("", chunks.delta(new StreamChunk.ReasoningDelta("")), "nothing for nothing");
  }

  @Test
  void toolCallFragmentsStreamWithIndexIdTypeAndNameFirstThenArguments() {
    ChatCompletionChunks chunks = new ChatCompletionChunks(IDS, 1_700_000_000L, "medium", false);
    String wire =
        chunks.delta(new StreamChunk.ToolCallDelta(1, "toolu_a", "get_weather", ""))
            + chunks.delta(new StreamChunk.ToolCallDelta(1, null, null, "{\"city\":"))
            + chunks.delta(new StreamChunk.ToolCallDelta(1, null, null, "\"Oslo\"}"))
            + chunks.delta(new StreamChunk.ToolCallDelta(3, null, "now", "{}"))
            + chunks.end(
                response(
                    "",
                    List.of(
                        new ToolCall("toolu_a", "get_weather", null, "{\"city\":\"Oslo\"}"),
                        new ToolCall(null, "now", null, "{}")),
                    FinishReason.TOOL_CALLS,
                    5,
                    9));
    assertEquals(
        chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", false)
            + chunk(
                "{\"tool_calls\":[{\"index\":0,\"id\":\"toolu_a\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}",
                "null",
                false)
            + chunk(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}",
                "null",
                false)
            + chunk(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]}",
                "null",
                false)
            + chunk(
                "{\"tool_calls\":[{\"index\":1,\"id\":\"call_0123abcd_1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"now\",\"arguments\":\"{}\"}}]}",
                "null",
                false)
            + chunk("{}", "\"tool_calls\"", false)
            + "data: [DONE]\n\n",
        wire);
  }

  @Test
  void aToolCallThatAProviderEndsWithStopStillFinishesAsToolCalls() {
    ChatCompletionChunks chunks = new ChatCompletionChunks(IDS, 1_700_000_000L, "m", false);
    String wire =
        chunks.end(
            response("", List.of(new ToolCall(null, "f", null, "{}")), FinishReason.STOP, 1, 1));
    assertEquals(true, wire.contains("\"finish_reason\":\"tool_calls\""), wire);
  }

  @Test
  void aFailureAfterTheStartIsAnErrorEventWithoutDone() {
    ChatCompletionChunks chunks = new ChatCompletionChunks(IDS, 1_700_000_000L, "medium", false);
    chunks.delta(new StreamChunk.TextDelta("Hi"));
    assertEquals(
        "data: {\"error\":{\"message\":\"sim 500 api_error: stream cut after 1 chunks: boom\","
            + "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n",
        chunks.error(
            new NonRetryableProviderException(
                "sim", 500, "api_error", "stream cut after 1 chunks: boom", null)));
    assertEquals(
        "data: {\"error\":{\"message\":\"sim idle_timeout: no byte for 5 s\","
            + "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n",
        chunks.error(
            new RetryableProviderException(
                "sim", 0, "idle_timeout", "no byte for 5 s", null, null)));
  }
}
