package io.ponybunny.ingress.openai;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;

/** OpenAI's {@code finish_reason} for a PonyBunny result. */
final class OpenAiFinishReason {

  private OpenAiFinishReason() {}

  /**
   * {@code length}, {@code content_filter}, {@code tool_calls} (also when a provider that calls
   * tools says it just stopped, as Gemini does) or {@code stop} (also for a call cancelled by the
   * client, who is gone by then).
   */
  static String of(LlmResponse response) {
    FinishReason reason = response.finishReason();
    if (reason == FinishReason.LENGTH) {
      return "length";
    }
    if (reason == FinishReason.CONTENT_FILTER) {
      return "content_filter";
    }
    if (reason == FinishReason.TOOL_CALLS || !response.toolCalls().isEmpty()) {
      return "tool_calls";
    }
    return "stop";
  }
}
