package io.ponybunny.llm.provider;

import static io.ponybunny.llm.provider.AdapterTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.call.ResponseAccumulator;
import io.ponybunny.llm.provider.anthropic.AnthropicAdapter;
import io.ponybunny.llm.provider.gemini.GeminiStreamParser;
import io.ponybunny.llm.provider.ollama.OllamaAdapter;
import io.ponybunny.llm.provider.openai.OpenAiAdapter;
import io.ponybunny.llm.provider.openai.OpenAiResponsesAdapter;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A body that ends inside an unclosed object or array that the parser skips gives an error and
 * returns: Parsson's {@code skipObject}/{@code skipArray} loop forever on such input.
 */
class TruncatedEventTest {

  private static LlmResponse parse(Supplier<StreamParser> parser, String body) {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          StreamParser p = parser.get();
          ResponseAccumulator acc = new ResponseAccumulator();
          byte[] bytes = utf8(body);
          p.parseStreamChunk(bytes, 0, bytes.length, acc);
          p.endOfStream(acc);
          return acc.result();
        });
  }

  @Test
  void anthropicEventCutInsideASkippedArray() {
    LlmResponse r =
        parse(
            () -> new AnthropicAdapter().newStreamParser("text/event-stream"),
            "data: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"content\":[");
    assertEquals(FinishReason.ERROR, r.finishReason());
    assertEquals("malformed_event", r.error().type());
  }

  @Test
  void openAiEventCutInsideASkippedObject() {
    LlmResponse r =
        parse(
            () -> new OpenAiAdapter().newStreamParser("text/event-stream"),
            "data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"logprobs\":{\"content\":[{");
    assertEquals(FinishReason.ERROR, r.finishReason());
    assertEquals("malformed_chunk", r.error().type());
  }

  @Test
  void responsesEventCutInsideASkippedArray() {
    LlmResponse r =
        parse(
            () -> new OpenAiResponsesAdapter().newStreamParser("text/event-stream"),
            "data: {\"type\":\"response.output_text.delta\",\"logprobs\":[[");
    assertEquals(FinishReason.ERROR, r.finishReason());
  }

  @Test
  void geminiEventCutInsideASkippedObject() {
    LlmResponse r =
        parse(GeminiStreamParser::sse, "data: {\"candidates\":[{\"safetyRatings\":[{\"x\":{");
    assertEquals(FinishReason.ERROR, r.finishReason());
  }

  @Test
  void ollamaLineCutInsideASkippedObject() {
    LlmResponse r =
        parse(
            () -> new OllamaAdapter().newStreamParser("application/x-ndjson"),
            "{\"model\":\"m\",\"extra\":{\"a\":[1,");
    assertEquals(FinishReason.ERROR, r.finishReason());
  }
}
