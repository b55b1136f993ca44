package io.ponybunny.llm.provider.anthropic;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonObject;

/** Anthropic Messages pieces shared by the streaming and non-streaming parsing. */
final class AnthropicMapping {

  private AnthropicMapping() {}

  static FinishReason finishReason(String raw) {
    return switch (raw) {
      case "end_turn", "stop_sequence", "pause_turn" -> FinishReason.STOP;
      case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
      case "tool_use" -> FinishReason.TOOL_CALLS;
      case "refusal" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.ERROR;
    };
  }

  static StreamChunk.Usage usage(JsonObject usage) {
    if (usage == null) {
      return null;
    }
    Integer in = JsonSupport.integer(usage, "input_tokens");
    Integer out = JsonSupport.integer(usage, "output_tokens");
    return in == null && out == null ? null : new StreamChunk.Usage(in, out);
  }
}
