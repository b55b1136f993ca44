package io.ponybunny.llm.provider.gemini;

import static io.ponybunny.llm.provider.AdapterTestSupport.chunks;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.StreamChunk;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GenerateContentResponse objects, read in one pass in both framings. */
class GeminiStreamParserTest {

  @Test
  void sseKeysInAnyOrderEscapesAndSkippedParts() {
    assertEquals(
        List.of(
            new StreamChunk.ReasoningDelta("hm"),
            new StreamChunk.TextDelta("Aé\n"),
            new StreamChunk.Usage(4, 2),
            new StreamChunk.TextDelta("yes"),
            new StreamChunk.Finish(FinishReason.STOP, "STOP")),
        chunks(
            GeminiStreamParser.sse(),
            "data: {\"usageMetadata\":{\"thoughtsTokenCount\":2,\"promptTokenCount\":4},"
                + "\"candidates\":[{\"index\":0,\"content\":{\"role\":\"model\",\"parts\":["
                + "{\"thought\":true,\"text\":\"hm\"},{\"text\":\"A\\u00e9\\n\"},{\"inlineData\":"
                + "{\"d\":[1,2]}}]}}]}\n\n"
                + "data: {\"candidates\":[{\"index\":1,\"content\":{\"parts\":[{\"text\":\"no\"}]}},"
                + "{\"finishReason\":\"STOP\",\"content\":{\"parts\":[{\"text\":\"yes\"}]}}]}\n\n"));
  }

  @Test
  void jsonArrayElementsWithSpacingAndEscapes() {
    assertEquals(
        List.of(
            new StreamChunk.TextDelta("a \"b\""),
            new StreamChunk.TextDelta("😀"),
            new StreamChunk.Usage(null, 3),
            new StreamChunk.Finish(FinishReason.LENGTH, "MAX_TOKENS")),
        chunks(
            GeminiStreamParser.jsonArray(),
            "[{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"a \\\"b\\\"\"}]}}]}\r\n,"
                + "{\"modelVersion\":\"x\",\"candidates\":[{\"finishReason\":\"MAX_TOKENS\","
                + "\"content\":{\"parts\":[{\"text\":\"\\ud83d\\ude00\"}]}}],\"usageMetadata\":"
                + "{\"candidatesTokenCount\":3}}\n]"));
  }

  @Test
  void functionCallArgumentsAreCompactJsonNumberedAcrossElements() {
    assertEquals(
        List.of(
            new StreamChunk.ToolCallDelta(0, "c1", "f", "{\"x\":1.50,\"s\":\"é\"}"),
            new StreamChunk.ToolCallDelta(1, null, "g", "{}"),
            new StreamChunk.Finish(FinishReason.TOOL_CALLS, "STOP")),
        chunks(
            GeminiStreamParser.sse(),
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"id\":\"c1\","
                + "\"name\":\"f\",\"args\":{ \"x\" : 1.50, \"s\":\"\\u00e9\" }},\"text\":\"ignored\"}"
                + "]}}]}\n\n"
                + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"g\","
                + "\"args\":null}}]},\"finishReason\":\"STOP\"}]}\n\n"));
  }

  @Test
  void anArrayInOneEventMapsEachObject() {
    assertEquals(
        List.of(
            new StreamChunk.TextDelta("a"),
            new StreamChunk.TextDelta("b"),
            new StreamChunk.Finish(FinishReason.STOP, "STOP")),
        chunks(
            GeminiStreamParser.sse(),
            "data: [{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]},7,"
                + "[{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"b\"}]},"
                + "\"finishReason\":\"STOP\"}]}]]\n\n"));
  }

  @Test
  void anArrayWithAMalformedElementEmitsNothingButTheError() {
    List<StreamChunk> chunks =
        chunks(
            GeminiStreamParser.sse(),
            "data: [{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]},{]\n\n");
    assertEquals(1, chunks.size(), chunks.toString());
    assertEquals("malformed_chunk", ((StreamChunk.ProviderError) chunks.get(0)).type());
  }

  @Test
  void anErrorElementAmongOthers() {
    assertEquals(
        List.of(
            new StreamChunk.TextDelta("a"),
            new StreamChunk.ProviderError(503, "UNAVAILABLE", "overloaded")),
        chunks(
            GeminiStreamParser.jsonArray(),
            "[{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]},\n"
                + "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"dropped\"}]}}],"
                + "\"error\":{\"code\":503,\"message\":\"overloaded\",\"status\":\"UNAVAILABLE\"}}]"));
  }

  @Test
  void aRepeatedCandidatesKeysLastValueWins() {
    assertEquals(
        List.of(new StreamChunk.TextDelta("b"), new StreamChunk.Finish(FinishReason.STOP, "STOP")),
        chunks(
            GeminiStreamParser.sse(),
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}],\"candidates\":"
                + "[{\"content\":{\"parts\":[{\"text\":\"b\"}]},\"finishReason\":\"STOP\"}]}\n\n"));
  }

  @Test
  void cachedContentTokensArePartOfThePromptTokens() {
    assertEquals(
        List.of(
            new StreamChunk.TextDelta("ok"),
            new StreamChunk.Usage(1200, 7, 1000),
            new StreamChunk.Finish(FinishReason.STOP, "STOP")),
        chunks(
            GeminiStreamParser.sse(),
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},"
                + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":1200,"
                + "\"cachedContentTokenCount\":1000,\"candidatesTokenCount\":7,"
                + "\"totalTokenCount\":1207}}\n\n"));
  }
}
