package io.ponybunny.llm.provider.anthropic;

import static io.ponybunny.llm.provider.AdapterTestSupport.chunks;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.StreamChunk;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages stream events, read in one pass whatever their key order, spacing and escapes. */
class AnthropicStreamParserTest {

  private static List<StreamChunk> parse(String body) {
    return chunks(new AnthropicStreamParser(), body);
  }

  @Test
  void keysInAnyOrderWhitespaceAndEscapes() {
    assertEquals(
        List.of(
            new StreamChunk.Usage(12, 1),
            new StreamChunk.TextDelta("x\ty é"),
            new StreamChunk.Finish(FinishReason.STOP, "end_turn"),
            new StreamChunk.Usage(null, 7)),
        parse(
            "event: message_start\ndata: {\"message\":{\"usage\":{\"output_tokens\":1,"
                + "\"input_tokens\":12},\"content\":[]},\"type\":\"message_start\"}\n\n"
                + "event: content_block_start\ndata: {\"content_block\":{\"text\":\"\",\"type\":"
                + "\"text\"},\"index\":0,\"type\":\"content_block_start\"}\n\n"
                + "event: content_block_delta\ndata: {\"delta\":{\"text\":\"x\\ty \\u00e9\","
                + "\"type\":\"text_delta\"},\"type\":\"content_block_delta\",\"index\":0}\n\n"
                + "event: message_delta\ndata: { \"usage\" : { \"output_tokens\" : 7 } , \"delta\" :"
                + " { \"stop_sequence\" : null , \"stop_reason\" : \"end_turn\" } , \"type\" : "
                + "\"message_delta\" }\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
  }

  @Test
  void aRepeatedDeltasLastValueWins() {
    assertEquals(
        List.of(new StreamChunk.ToolCallDelta(1, null, null, "")),
        parse(
            "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":"
                + "\"input_json_delta\",\"partial_json\":\"{\\\"a\\\"\"},\"delta\":{\"type\":"
                + "\"input_json_delta\"}}\n\n"
                + "data: {\"type\":\"message_stop\"}\n\n"));
  }

  @Test
  void anErrorEventIsReadFromItsEnvelope() {
    assertEquals(
        List.of(new StreamChunk.ProviderError(429, "rate_limit_error", "Slow")),
        parse(
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"message\":\"Slow\",\"type\":"
                + "\"rate_limit_error\"}}\n\n"));
  }

  @Test
  void anEventWithContentAfterItsObjectIsMalformed() {
    String data = "{\"type\":\"message_stop\"} x";
    assertEquals(
        List.of(new StreamChunk.ProviderError(0, "malformed_event", data)),
        parse("data: " + data + "\n\n"));
  }

  @Test
  void inputCountsCacheWritesAndReadsAndReadsAreTheCachedInput() {
    assertEquals(
        List.of(
            new StreamChunk.Usage(3 + 200 + 1800, 1, 1800),
            new StreamChunk.TextDelta("ok"),
            new StreamChunk.Finish(FinishReason.STOP, "end_turn"),
            new StreamChunk.Usage(null, 9),
            // a later event repeating only input_tokens keeps the cache counts seen before
            new StreamChunk.Usage(3 + 200 + 1800, 10, 1800)),
        parse(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":"
                + "{\"input_tokens\":3,\"cache_creation_input_tokens\":200,"
                + "\"cache_read_input_tokens\":1800,\"output_tokens\":1}}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":"
                + "{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{},"
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":10}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
  }
}
