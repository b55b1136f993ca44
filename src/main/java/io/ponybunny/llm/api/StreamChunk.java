package io.ponybunny.llm.api;

/**
 * One normalized piece of a provider stream, produced by a {@link StreamParser}.
 *
 * <p>Every protocol (Anthropic, OpenAI chat and responses, Gemini, Ollama) is mapped onto this
 * small closed set, so that everything downstream of the parser is provider-neutral.
 */
public sealed interface StreamChunk {

  /** Visible assistant text. */
  record TextDelta(String text) implements StreamChunk {}

  /** Reasoning or thinking text, kept apart from the visible text. */
  record ReasoningDelta(String text) implements StreamChunk {}

  /**
   * A fragment of a tool call. Fragments of one call share {@code index}; {@code id} and {@code
   * name} are set on the first fragment that carries them and may be null on later ones. Whole
   * calls (Gemini, Ollama) arrive as one fragment whose {@code argumentsFragment} is the complete
   * JSON text of the arguments.
   */
  record ToolCallDelta(int index, String id, String name, String argumentsFragment)
      implements StreamChunk {}

  /** The provider said why generation stopped; {@code rawReason} is its own word for it. */
  record Finish(FinishReason reason, String rawReason) implements StreamChunk {}

  /**
   * Token counters as running totals; a null field was not reported by this event. The last
   * reported value of each counter wins. {@code inputTokens} includes the cached ones, {@code
   * cachedInputTokens} is the part read from the provider's prompt cache ({@link TokenUsage}).
   */
  record Usage(Integer inputTokens, Integer outputTokens, Integer cachedInputTokens)
      implements StreamChunk {

    /** Counters without a cache figure. */
    public Usage(Integer inputTokens, Integer outputTokens) {
      this(inputTokens, outputTokens, null);
    }
  }

  /**
   * The provider reported an error inside the stream (or the stream broke). {@code status} is the
   * HTTP-like code when the provider gave one, else 0.
   */
  record ProviderError(int status, String type, String message) implements StreamChunk {}
}
