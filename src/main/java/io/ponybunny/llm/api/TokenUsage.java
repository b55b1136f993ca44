package io.ponybunny.llm.api;

/** Provider-reported token counters; null means never reported. */
public record TokenUsage(Integer inputTokens, Integer outputTokens) {

  public static final TokenUsage NONE = new TokenUsage(null, null);

  /** Input plus output, counting a missing side as zero. */
  public int total() {
    return (inputTokens == null ? 0 : inputTokens) + (outputTokens == null ? 0 : outputTokens);
  }
}
