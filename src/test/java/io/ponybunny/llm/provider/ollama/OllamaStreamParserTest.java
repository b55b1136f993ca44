package io.ponybunny.llm.provider.ollama;

import static io.ponybunny.llm.provider.AdapterTestSupport.chunks;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.StreamChunk;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ollama's NDJSON lines, read in one pass whatever their key order, spacing and escapes. */
class OllamaStreamParserTest {

  private static List<StreamChunk> parse(String body) {
    return chunks(new OllamaStreamParser(), body);
  }

  @Test
  void keysInAnyOrderEscapesAndSkippedValues() {
    assertEquals(
        List.of(
            new StreamChunk.ReasoningDelta("t"),
            new StreamChunk.TextDelta("hé"),
            new StreamChunk.Usage(3, 5),
            new StreamChunk.Finish(FinishReason.LENGTH, "length")),
        parse(
            "{\"message\":{\"content\":\"h\\u00e9\",\"role\":\"assistant\",\"thinking\":\"t\"},"
                + "\"done\":false,\"model\":\"m\"}\n"
                + " {\"done\":true,\"eval_count\":5,\"done_reason\":\"length\",\"response\":\"\","
                + "\"prompt_eval_count\":3, \"context\":[1,2,{\"a\":null}]}\n"));
  }

  @Test
  void toolCallArgumentsAsGivenOrAsCompactJson() {
    assertEquals(
        List.of(
            new StreamChunk.ToolCallDelta(0, null, "f", "{\"a\":[1,{}]}"),
            new StreamChunk.ToolCallDelta(1, "call_2", "g", "{\"b\":2}"),
            new StreamChunk.ToolCallDelta(2, null, "h", "{}"),
            new StreamChunk.Finish(FinishReason.TOOL_CALLS, "stop")),
        parse(
            "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                + "{\"function\":{\"name\":\"f\",\"arguments\":{ \"a\" : [1, {}] }}},"
                + "{\"id\":\"call_2\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"b\\\":2}\"}},"
                + "{\"function\":{\"name\":\"h\",\"arguments\":null}},\"not a call\"]},"
                + "\"done\":false}\n"
                + "{\"message\":{\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\"}\n"));
  }

  @Test
  void anErrorLineEndsTheStream() {
    assertEquals(
        List.of(new StreamChunk.TextDelta("a"), new StreamChunk.ProviderError(0, "error", "boom")),
        parse("{\"response\":\"a\",\"done\":false}\n{\"error\":\"boom\"}\n"));
  }

  @Test
  void aLineWithContentAfterItsObjectIsMalformed() {
    String line = "{\"response\":\"a\",\"done\":true} {}";
    assertEquals(
        List.of(new StreamChunk.ProviderError(0, "malformed_chunk", line)), parse(line + "\n"));
  }
}
