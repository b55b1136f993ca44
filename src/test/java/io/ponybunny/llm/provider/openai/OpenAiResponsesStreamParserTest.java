package io.ponybunny.llm.provider.openai;

import static io.ponybunny.llm.provider.AdapterTestSupport.chunks;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.StreamChunk;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Responses API events: deltas read in one pass, the object-carrying events from their tree. */
class OpenAiResponsesStreamParserTest {

  private static List<StreamChunk> parse(String body) {
    return chunks(new OpenAiResponsesStreamParser(), body);
  }

  @Test
  void keysInAnyOrderEscapesAndSkippedValues() {
    assertEquals(
        List.of(
            new StreamChunk.TextDelta("hé\""),
            new StreamChunk.ReasoningDelta("why"),
            new StreamChunk.ToolCallDelta(10_000, null, null, "{\"a\":"),
            new StreamChunk.Usage(1, 2),
            new StreamChunk.Finish(FinishReason.STOP, "completed")),
        parse(
            "event: response.output_text.delta\ndata: {\"delta\":\"h\\u00e9\\\"\",\"output_index\":"
                + "0,\"logprobs\":[{\"a\":[[]]}],\"type\":\"response.output_text.delta\"}\n\n"
                + "event: response.reasoning_summary_text.delta\ndata: {\"type\":"
                + "\"response.reasoning_summary_text.delta\",\"delta\":\"why\"}\n\n"
                + "event: response.function_call_arguments.delta\ndata: {\"item_id\":\"fc_1\","
                + "\"delta\":\"{\\\"a\\\":\",\"type\":\"response.function_call_arguments.delta\"}\n\n"
                + "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":"
                + "{\"status\":\"completed\",\"usage\":{\"input_tokens\":1,\"output_tokens\":2}}}\n\n"));
  }

  @Test
  void aFunctionCallItemThenItsArgumentsByOutputIndexOrItemId() {
    assertEquals(
        List.of(
            new StreamChunk.ToolCallDelta(2, "call_9", "f", ""),
            new StreamChunk.ToolCallDelta(2, null, null, "{\"x\""),
            new StreamChunk.ToolCallDelta(2, null, null, ":1}"),
            new StreamChunk.Finish(FinishReason.TOOL_CALLS, "completed")),
        parse(
            "data: {\"type\":\"response.output_item.added\",\"output_index\":2,\"item\":{"
                + "\"type\":\"function_call\",\"id\":\"fc_9\",\"call_id\":\"call_9\",\"name\":\"f\","
                + "\"arguments\":\"\"}}\n\n"
                + "data: {\"type\":\"response.function_call_arguments.delta\",\"output_index\":2,"
                + "\"item_id\":\"fc_9\",\"delta\":\"{\\\"x\\\"\"}\n\n"
                + "data: {\"type\":\"response.function_call_arguments.delta\",\"item_id\":"
                + "\"fc_9\",\"delta\":\":1}\"}\n\n"
                + "data: {\"type\":\"response.completed\",\"response\":{}}\n\n"));
  }

  @Test
  void anErrorEventEndsTheStream() {
    assertEquals(
        List.of(new StreamChunk.ProviderError(0, "rate_limit_exceeded", "Slow down")),
        parse(
            "event: error\ndata: {\"type\":\"error\",\"code\":\"rate_limit_exceeded\","
                + "\"message\":\"Slow down\",\"param\":null}\n\n"));
  }

  @Test
  void anEventThatIsNotAnObjectIsMalformed() {
    assertEquals(
        List.of(new StreamChunk.ProviderError(0, "malformed_event", "[1]")),
        parse("data: [DONE]\n\ndata: \n\ndata: [1]\n\n"));
  }

  @Test
  void theCompletedResponseReportsCachedInputTokens() {
    assertEquals(
        List.of(
            new StreamChunk.Usage(1500, 20, 1024),
            new StreamChunk.Finish(FinishReason.STOP, "completed")),
        parse(
            "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":"
                + "{\"status\":\"completed\",\"usage\":{\"input_tokens\":1500,"
                + "\"input_tokens_details\":{\"cached_tokens\":1024},\"output_tokens\":20,"
                + "\"output_tokens_details\":{\"reasoning_tokens\":0},"
                + "\"total_tokens\":1520}}}\n\n"));
  }
}
