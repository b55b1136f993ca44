package io.ponybunny.ingress.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.NonRetryableProviderException;
import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.api.TokenUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact bytes of Anthropic's streamed Messages events for sequences of output. */
class MessageStreamEncoderTest {

  private static final String REQ = "req_0a1b";
  private static final String SIG_0 = MessageIds.signature(REQ, 0);

  private static final String START =
      "event: message_start\n"
          + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_0a1b\",\"type\":\"message\","
          + "\"role\":\"assistant\",\"model\":\"fast\",\"content\":[],\"stop_reason\":null,"
          + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}\n\n";

  private final MessageStreamEncoder encoder = new MessageStreamEncoder(REQ, "fast");

  private static LlmResponse response(FinishReason reason, String raw, TokenUsage usage) {
    return new LlmResponse("", null, List.of(), usage, reason, raw, null);
  }

  @Test
  void textIsOneTextBlockBetweenMessageStartAndMessageStop() {
    String out =
        encoder.delta(new StreamChunk.TextDelta("Hel"))
            + encoder.delta(new StreamChunk.TextDelta(""))
            + encoder.delta(new StreamChunk.TextDelta("lo \"you\"\n"))
            + encoder.end(response(FinishReason.STOP, "stop", new TokenUsage(12, 3)));
    assertEquals(
        START
            + "event: content_block_start\n"
            + "data: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"lo \\\"you\\\"\\n\"}}\n\n"
            + "event: content_block_stop\n"
            + "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\n"
            + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":3,\"input_tokens\":12}}\n\n"
            + "event: message_stop\n"
            + "data: {\"type\":\"message_stop\"}\n\n",
        out);
  }

  @Test
  void thinkingThenTextThenToolCallsEachGetTheirBlockInOrder() {
    String out =
        encoder.delta(new StreamChunk.ReasoningDelta("Think."))
            + encoder.delta(new StreamChunk.TextDelta("Looking."))
            + encoder.delta(new StreamChunk.ToolCallDelta(0, "call_up1", "weather", ""))
            + encoder.delta(new StreamChunk.ToolCallDelta(0, null, null, "{\"city\":"))
            + encoder.delta(new StreamChunk.ToolCallDelta(0, null, null, "\"Oslo\"}"))
            + encoder.delta(new StreamChunk.ToolCallDelta(1, null, "time", "{}"))
            + encoder.end(response(FinishReason.TOOL_CALLS, "tool_calls", new TokenUsage(null, 9)));
    assertEquals(
        START
            + "event: content_block_start\n"
            + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
            + "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Think.\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"signature_delta\",\"signature\":\""
            + SIG_0
            + "\"}}\n\n"
            + "event: content_block_stop\n"
            + "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: content_block_start\n"
            + "data: {\"type\":\"content_block_start\",\"index\":1,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":1,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Looking.\"}}\n\n"
            + "event: content_block_stop\n"
            + "data: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
            + "event: content_block_start\n"
            + "data: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":"
            + "{\"type\":\"tool_use\",\"id\":\"call_up1\",\"name\":\"weather\",\"input\":{}}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":2,"
            + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":2,"
            + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":2,"
            + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Oslo\\\"}\"}}\n\n"
            + "event: content_block_stop\n"
            + "data: {\"type\":\"content_block_stop\",\"index\":2}\n\n"
            + "event: content_block_start\n"
            + "data: {\"type\":\"content_block_start\",\"index\":3,\"content_block\":"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_0a1b_1\",\"name\":\"time\",\"input\":{}}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":3,"
            + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}\n\n"
            + "event: content_block_stop\n"
            + "data: {\"type\":\"content_block_stop\",\"index\":3}\n\n"
            + "event: message_delta\n"
            + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}\n\n"
            + "event: message_stop\n"
            + "data: {\"type\":\"message_stop\"}\n\n",
        out);
  }

  @Test
  void textAfterAToolCallOpensANewTextBlock() {
    String out =
        encoder.delta(new StreamChunk.ToolCallDelta(0, null, "f", "{}"))
            + encoder.delta(new StreamChunk.TextDelta("after"));
    assertEquals(
        START
            + "event: content_block_start\n"
            + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_0a1b_0\",\"name\":\"f\",\"input\":{}}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}\n\n"
            + "event: content_block_stop\n"
            + "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: content_block_start\n"
            + "data: {\"type\":\"content_block_start\",\"index\":1,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":1,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"after\"}}\n\n",
        out);
  }

  @Test
  void anEmptyAnswerStillStartsAndStopsTheMessage() {
    assertEquals(
        START
            + "event: message_delta\n"
            + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":0}}\n\n"
            + "event: message_stop\n"
            + "data: {\"type\":\"message_stop\"}\n\n",
        encoder.end(response(FinishReason.LENGTH, "length", TokenUsage.NONE)));
  }

  @Test
  void aFailureAfterTheStartIsAnErrorEventWithAnthropicsEnvelope() {
    String started = encoder.delta(new StreamChunk.TextDelta("a"));
    assertEquals(
        "event: error\n"
            + "data: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
            + "\"message\":\"sim-anthropic 529 overloaded_error: Overloaded\"}}\n\n",
        encoder.error(
            new RetryableProviderException(
                "sim-anthropic", 529, "overloaded_error", "Overloaded", null, null)));
    assertEquals(
        "event: error\n"
            + "data: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
            + "\"message\":\"sim: stream cut\"}}\n\n",
        new MessageStreamEncoder(REQ, "fast")
            .error(new NonRetryableProviderException("sim", 0, null, "stream cut", null)));
    assertEquals(true, started.startsWith(START));
  }

  @Test
  void finishReasonsMapToAnthropicsStopReasons() {
    assertEquals("end_turn", MessageJson.stopReason(FinishReason.STOP, "stop"));
    assertEquals("stop_sequence", MessageJson.stopReason(FinishReason.STOP, "stop_sequence"));
    assertEquals("max_tokens", MessageJson.stopReason(FinishReason.LENGTH, "MAX_TOKENS"));
    assertEquals("tool_use", MessageJson.stopReason(FinishReason.TOOL_CALLS, "tool_calls"));
    assertEquals("refusal", MessageJson.stopReason(FinishReason.CONTENT_FILTER, "SAFETY"));
    assertEquals("end_turn", MessageJson.stopReason(FinishReason.CANCELLED, null));
  }
}
