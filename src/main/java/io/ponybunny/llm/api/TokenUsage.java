package io.ponybunny.llm.api;

/**
 * Provider-reported token counters; null means never reported.
 *
 * <p>{@code inputTokens} counts every prompt token the provider processed, those read from its
 * prompt cache included, for every protocol: OpenAI's {@code prompt_tokens} and {@code
 * input_tokens} and Gemini's {@code promptTokenCount} include them already; for Anthropic, whose
 * {@code input_tokens} leaves them out, it is {@code input_tokens + cache_creation_input_tokens +
 * cache_read_input_tokens}. {@code cachedInputTokens} is the part of {@code inputTokens} read from
 * the cache (billed at the cached-input price): OpenAI's {@code cached_tokens}, Anthropic's {@code
 * cache_read_input_tokens}, Gemini's {@code cachedContentTokenCount}.
 *
 * @param inputTokens prompt tokens, cached ones included
 * @param outputTokens completion tokens, reasoning included
 * @param cachedInputTokens the prompt tokens read from the provider's cache (part of input)
 */
public record TokenUsage(Integer inputTokens, Integer outputTokens, Integer cachedInputTokens) {

  public static final TokenUsage NONE = new TokenUsage(null, null, null);

  /** Counters of a provider that reports no cache reads. */
  public TokenUsage(Integer inputTokens, Integer outputTokens) {
    this(inputTokens, outputTokens, null);
  }

  /** Input plus output, counting a missing side as zero. */
  public int total() {
    return (inputTokens == null ? 0 : inputTokens) + (outputTokens == null ? 0 : outputTokens);
  }

  /** Whether the provider reported any counter. */
  public boolean reported() {
    return inputTokens != null || outputTokens != null || cachedInputTokens != null;
  }
}
