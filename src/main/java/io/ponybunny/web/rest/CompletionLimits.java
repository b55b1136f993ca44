package io.ponybunny.web.rest;

import org.eclipse.microprofile.config.Config;

/**
 * What one {@code POST /api/completions} may ask for ({@code ponybunny.completions.*}).
 *
 * @param maxBodyBytes the largest request body (413 beyond)
 * @param maxMessages messages in one request
 * @param maxMessageChars characters of all message contents together
 * @param maxTokens the largest {@code maxTokens} a client may ask for
 * @param minTimeoutMs the shortest {@code firstTokenTimeoutMs} or {@code idleTimeoutMs}
 */
public record CompletionLimits(
    long maxBodyBytes, int maxMessages, long maxMessageChars, int maxTokens, int minTimeoutMs) {

  /** The defaults of {@code microprofile-config.properties}. */
  public static CompletionLimits defaults() {
    return new CompletionLimits(2L * 1024 * 1024, 256, 1_000_000, 32_768, 1000);
  }

  /** The limits configured in {@code config}, each defaulting to {@link #defaults()}. */
  public static CompletionLimits fromConfig(Config config) {
    CompletionLimits d = defaults();
    String p = "ponybunny.completions.";
    return new CompletionLimits(
        Math.max(
            1024, config.getOptionalValue(p + "max-body-bytes", Long.class).orElse(d.maxBodyBytes)),
        Math.max(
            1, config.getOptionalValue(p + "max-messages", Integer.class).orElse(d.maxMessages)),
        Math.max(
            1,
            config.getOptionalValue(p + "max-message-chars", Long.class).orElse(d.maxMessageChars)),
        Math.max(1, config.getOptionalValue(p + "max-tokens", Integer.class).orElse(d.maxTokens)),
        Math.max(
            1,
            config.getOptionalValue(p + "min-timeout-ms", Integer.class).orElse(d.minTimeoutMs)));
  }
}
