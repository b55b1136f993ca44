package io.ponybunny.llm.api;

import java.util.List;

/**
 * The final result of one LLM call, streamed or not.
 *
 * @param text the visible text
 * @param reasoning reasoning/thinking text, never mixed into {@code text}
 * @param toolCalls tool calls in stream order
 * @param usage token counters
 * @param finishReason the common finish reason
 * @param rawFinishReason the provider's own reason, null when none was sent
 * @param error the provider error that ended the stream, null when none
 */
public record LlmResponse(
    String text,
    String reasoning,
    List<ToolCall> toolCalls,
    TokenUsage usage,
    FinishReason finishReason,
    String rawFinishReason,
    StreamChunk.ProviderError error) {

  public LlmResponse {
    toolCalls = List.copyOf(toolCalls);
  }
}
