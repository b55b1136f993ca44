package io.ponybunny.ingress.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.core.JsonValue;
import com.anthropic.core.ObjectMappers;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.sse.SseParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the official Anthropic Java SDK makes of the encoded events and message, through its own
 * JSON mapping and {@link MessageAccumulator}: the thinking and tool-use blocks no simulator
 * protocol produces are checked here.
 */
class AnthropicSdkDecodingTest {

  private static final String REQ = "req_5e";

  @Test
  void theSdkAccumulatesThinkingTextAndToolUseBlocksFromTheEvents() throws Exception {
    MessageStreamEncoder encoder = new MessageStreamEncoder(REQ, "balanced");
    String wire =
        encoder.delta(new StreamChunk.ReasoningDelta("First, "))
            + encoder.delta(new StreamChunk.ReasoningDelta("the city."))
            + encoder.delta(new StreamChunk.TextDelta("Checking "))
            + encoder.delta(new StreamChunk.TextDelta("Oslo."))
            + encoder.delta(new StreamChunk.ToolCallDelta(0, "call_7", "get_weather", ""))
            + encoder.delta(new StreamChunk.ToolCallDelta(0, null, null, "{\"city\":"))
            + encoder.delta(new StreamChunk.ToolCallDelta(0, null, null, "\"Oslo\"}"))
            + encoder.delta(new StreamChunk.ToolCallDelta(1, null, "now", "{}"))
            + encoder.end(
                new LlmResponse(
                    "Checking Oslo.",
                    "First, the city.",
                    List.of(),
                    new TokenUsage(21, 8),
                    FinishReason.TOOL_CALLS,
                    "tool_calls",
                    null));

    MessageAccumulator accumulator = MessageAccumulator.create();
    for (String[] event : events(wire)) {
      RawMessageStreamEvent e =
          ObjectMappers.jsonMapper().readValue(event[1], RawMessageStreamEvent.class);
      assertTrue(e.isValid(), event[1]);
      assertEquals(event[0], JsonSupport.tryReadObject(event[1]).getString("type"));
      accumulator.accumulate(e);
    }
    Message m = accumulator.message();

    assertEquals("msg_5e", m.id());
    assertEquals("balanced", m.model().asString());
    assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
    assertEquals(21, m.usage().inputTokens());
    assertEquals(8, m.usage().outputTokens());
    List<ContentBlock> blocks = m.content();
    assertEquals(4, blocks.size());
    assertEquals("First, the city.", blocks.get(0).asThinking().thinking());
    assertEquals(MessageIds.signature(REQ, 0), blocks.get(0).asThinking().signature());
    assertEquals("Checking Oslo.", blocks.get(1).asText().text());
    assertEquals("call_7", blocks.get(2).asToolUse().id());
    assertEquals("get_weather", blocks.get(2).asToolUse().name());
    assertEquals(JsonValue.from(Map.of("city", "Oslo")), blocks.get(2).asToolUse()._input());
    assertEquals("toolu_5e_1", blocks.get(3).asToolUse().id());
    assertEquals(JsonValue.from(Map.of()), blocks.get(3).asToolUse()._input());
  }

  @Test
  void theSdkReadsTheWholeMessage() throws Exception {
    LlmResponse response =
        new LlmResponse(
            "Checking.",
            "Hm.",
            List.of(
                new ToolCall(
                    null, "get_weather", JsonSupport.readValue("{\"city\":\"Oslo\"}"), "")),
            new TokenUsage(5, 6),
            FinishReason.TOOL_CALLS,
            "tool_calls",
            null);
    Message m =
        ObjectMappers.jsonMapper()
            .readValue(MessageJson.message(REQ, "fast", response).toString(), Message.class);
    assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
    assertEquals("Hm.", m.content().get(0).asThinking().thinking());
    assertEquals("Checking.", m.content().get(1).asText().text());
    assertEquals("toolu_5e_0", m.content().get(2).asToolUse().id());
    assertEquals(5, m.usage().inputTokens());
    assertEquals(6, m.usage().outputTokens());
  }

  /** The (event name, data) pairs of an event stream, read by the project's SSE parser. */
  private static List<String[]> events(String wire) {
    List<String[]> out = new ArrayList<>();
    SseParser parser = new SseParser(e -> out.add(new String[] {e.type(), e.data()}));
    byte[] bytes = wire.getBytes(StandardCharsets.UTF_8);
    parser.feed(bytes, 0, bytes.length);
    parser.end();
    return out;
  }
}
