package io.ponybunny.llm.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.api.ToolCall;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class ResponseAccumulatorTest {

  @Test
  void foldsChunks() {
    ResponseAccumulator acc = new ResponseAccumulator();
    acc.accept(new StreamChunk.ReasoningDelta("think "));
    acc.accept(new StreamChunk.TextDelta("Hel"));
    acc.accept(new StreamChunk.ToolCallDelta(3, "b", "second", ""));
    acc.accept(new StreamChunk.ToolCallDelta(1, null, null, "{\"x\""));
    acc.accept(new StreamChunk.ToolCallDelta(1, "a", "first", ":1}"));
    acc.accept(new StreamChunk.ToolCallDelta(1, "ignored", "ignored", ""));
    acc.accept(new StreamChunk.TextDelta("lo"));
    acc.accept(new StreamChunk.ReasoningDelta("more"));
    acc.accept(new StreamChunk.Usage(10, null));
    acc.accept(new StreamChunk.Usage(null, 3));
    acc.accept(new StreamChunk.Usage(null, 5));
    acc.accept(new StreamChunk.Finish(FinishReason.LENGTH, "length"));
    acc.accept(new StreamChunk.Finish(FinishReason.TOOL_CALLS, "tool_calls"));
    LlmResponse r = acc.result();
    assertEquals("Hello", r.text());
    assertEquals("think more", r.reasoning());
    assertEquals(new TokenUsage(10, 5), r.usage());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals("tool_calls", r.rawFinishReason());
    assertNull(r.error());
    assertEquals(2, r.toolCalls().size());
    assertEquals("b", r.toolCalls().get(0).id());
    assertEquals(JsonValue.EMPTY_JSON_OBJECT, r.toolCalls().get(0).arguments());
    ToolCall first = r.toolCalls().get(1);
    assertEquals("a", first.id());
    assertEquals("first", first.name());
    assertEquals("{\"x\":1}", first.rawArguments());
    assertEquals(1, first.arguments().asJsonObject().getInt("x"));
  }

  @Test
  void errorWinsOverEarlierFinishButKeepsRawReason() {
    ResponseAccumulator acc = new ResponseAccumulator();
    acc.accept(new StreamChunk.Finish(FinishReason.STOP, "end_turn"));
    StreamChunk.ProviderError err = new StreamChunk.ProviderError(529, "overloaded_error", "x");
    acc.accept(err);
    acc.accept(new StreamChunk.Finish(FinishReason.STOP, "end_turn"));
    LlmResponse r = acc.result();
    assertEquals(FinishReason.ERROR, r.finishReason());
    assertEquals("end_turn", r.rawFinishReason());
    assertEquals(err, r.error());
  }

  @Test
  void unparsableArgumentsKeepRawText() {
    ResponseAccumulator acc = new ResponseAccumulator();
    acc.accept(new StreamChunk.ToolCallDelta(0, "id", "f", "{\"a\": [1,"));
    ToolCall call = acc.result().toolCalls().get(0);
    assertNull(call.arguments());
    assertEquals("{\"a\": [1,", call.rawArguments());
  }

  @Test
  void emptyResult() {
    LlmResponse r = new ResponseAccumulator().result();
    assertEquals("", r.text());
    assertNull(r.finishReason());
    assertEquals(TokenUsage.NONE, r.usage());
  }

  @Test
  void theLastReportedCachedInputCountWinsAndOtherReportsKeepIt() {
    ResponseAccumulator acc = new ResponseAccumulator();
    acc.accept(new StreamChunk.Usage(100, 1, 60));
    acc.accept(new StreamChunk.Usage(null, 5));
    assertEquals(new TokenUsage(100, 5, 60), acc.result().usage());
    acc.accept(new StreamChunk.Usage(100, null, 80));
    assertEquals(new TokenUsage(100, 5, 80), acc.result().usage());
  }
}
