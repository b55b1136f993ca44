package io.ponybunny.llm.provider.openai;

import static io.ponybunny.llm.provider.AdapterTestSupport.chunks;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.StreamChunk;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chat Completions chunks, read in one pass whatever their key order, spacing and escapes. */
class OpenAiStreamParserTest {

  private static List<StreamChunk> parse(String body) {
    return chunks(new OpenAiStreamParser(), body);
  }

  @Test
  void keysInAnyOrderWhitespaceEscapesAndSkippedValues() {
    assertEquals(
        List.of(
            new StreamChunk.ReasoningDelta("thé"),
            new StreamChunk.TextDelta("a\n\"b\" 😀 東京"),
            new StreamChunk.ReasoningDelta("r"),
            new StreamChunk.TextDelta("c"),
            new StreamChunk.Finish(FinishReason.STOP, "stop"),
            new StreamChunk.Usage(3, 5)),
        parse(
            "data: {\"choices\":[{\"finish_reason\":null,\"delta\":{\"reasoning_content\":"
                + "\"th\\u00e9\",\"content\":null},\"index\":0,\"logprobs\":{\"content\":[{\"t\":"
                + "[1,{}]}]}}],\"id\":1}\n\n"
                + "data:  { \"usage\" : null , \"choices\" : [ { \"delta\" : { \"content\" : "
                + "\"a\\n\\\"b\\\" \\ud83d\\ude00 東京\" } } ] }\r\n\r\n"
                + "data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other choice\"}},"
                + "{\"index\":0,\"delta\":{\"content\":\"c\",\"reasoning\":\"r\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"completion_tokens\":5,"
                + "\"prompt_tokens\":3}}\n\n"
                + "data: [DONE]\n\n"));
  }

  @Test
  void toolCallFragmentsAndTheLegacyFunctionCall() {
    assertEquals(
        List.of(
            new StreamChunk.TextDelta("Calling."),
            new StreamChunk.ToolCallDelta(0, "call_1", "f", ""),
            new StreamChunk.ToolCallDelta(1, null, null, "{\"a\""),
            new StreamChunk.ToolCallDelta(3, "call_3", null, ""),
            new StreamChunk.ToolCallDelta(0, null, "legacy", "{}"),
            new StreamChunk.Finish(FinishReason.TOOL_CALLS, "tool_calls")),
        parse(
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}],"
                + "\"content\":\"Calling.\"}}]}\n\n"
                // No index: its position in the array; a non-object takes a position too.
                + "data: {\"choices\":[{\"delta\":{\"tool_calls\":[7,{\"function\":{"
                + "\"arguments\":\"{\\\"a\\\"\"}},{\"index\":3,\"id\":\"call_3\",\"function\":5},"
                + "{\"type\":\"function\"}]}}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"function_call\":{\"name\":\"legacy\","
                + "\"arguments\":\"{}\"}},\"finish_reason\":\"tool_calls\"}]}\n\n"));
  }

  @Test
  void anErrorObjectKeepsItsPlaceAmongTheChunks() {
    assertEquals(
        List.of(
            new StreamChunk.TextDelta("a"),
            new StreamChunk.ProviderError(400, "error", "Token limit reached"),
            new StreamChunk.Usage(43, 10)),
        parse(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"error\":{"
                + "\"code\":400,\"message\":\"Token limit reached\"},\"usage\":{"
                + "\"prompt_tokens\":43,\"completion_tokens\":10}}\n\n"
                + "data: [DONE]\n\n"));
  }

  @Test
  void aRepeatedKeysLastValueWins() {
    assertEquals(
        List.of(new StreamChunk.TextDelta("second"), new StreamChunk.Usage(1, 2)),
        parse(
            "data: {\"choices\":[{\"delta\":{\"content\":\"first\",\"content\":\"second\"}}],"
                + "\"usage\":{\"prompt_tokens\":9,\"prompt_tokens\":1,\"completion_tokens\":2}}\n\n"
                + "data: [DONE]\n\n"));
  }

  @Test
  void aChunkWithContentAfterItsObjectIsMalformed() {
    String chunk = "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]} {\"x\":1}";
    assertEquals(
        List.of(new StreamChunk.ProviderError(0, "malformed_chunk", chunk)),
        parse("data: " + chunk + "\n\ndata: [DONE]\n\n"));
  }

  @Test
  void tokenCountsAreReadAsJsonNumbersOfAnyForm() {
    assertEquals(
        List.of(new StreamChunk.Usage(12, 3)),
        parse(
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1.2e1,\"completion_tokens\":3.0}}"
                + "\n\ndata: [DONE]\n\n"));
  }

  @Test
  void theUsageChunkReportsCachedPromptTokensWithinThePromptTokens() {
    assertEquals(
        List.of(
            new StreamChunk.TextDelta("hi"),
            new StreamChunk.Finish(FinishReason.STOP, "stop"),
            new StreamChunk.Usage(2006, 300, 1920)),
        parse(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":2006,"
                + "\"completion_tokens\":300,\"total_tokens\":2306,\"prompt_tokens_details\":"
                + "{\"audio_tokens\":0,\"cached_tokens\":1920},\"completion_tokens_details\":"
                + "{\"reasoning_tokens\":0}}}\n\n"
                + "data: [DONE]\n\n"));
  }
}
