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

  /**
   * A usage object: input counted with cache writes and reads ({@link #inputTokens}), cache reads
   * as cached input; null when it has no counter.
   */
  static StreamChunk.Usage usage(JsonObject usage) {
    if (usage == null) {
      return null;
    }
    Integer in = JsonSupport.integer(usage, "input_tokens");
    Integer out = JsonSupport.integer(usage, "output_tokens");
    Integer written = JsonSupport.integer(usage, "cache_creation_input_tokens");
    Integer read = JsonSupport.integer(usage, "cache_read_input_tokens");
    boolean input = in != null || written != null || read != null;
    return !input && out == null
        ? null
        : new StreamChunk.Usage(input ? inputTokens(in, written, read) : null, out, read);
  }

  /**
   * The prompt tokens as every other protocol counts them: Anthropic's {@code input_tokens} leaves
   * out the tokens written to and read from the prompt cache, so they are added back (a missing
   * counter counts 0). Cache writes are then priced as input, cache reads as cached input.
   */
  static int inputTokens(Integer uncached, Integer cacheWrites, Integer cacheReads) {
    return (uncached == null ? 0 : uncached)
        + (cacheWrites == null ? 0 : cacheWrites)
        + (cacheReads == null ? 0 : cacheReads);
  }
}
