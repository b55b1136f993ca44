package io.ponybunny.cost;

import io.ponybunny.llm.api.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A model's price in USD per million tokens: prompt tokens, completion tokens and prompt tokens
 * read from the provider's cache. Anthropic's cache writes are priced as input (they are part of
 * {@link TokenUsage#inputTokens()}).
 *
 * @param input USD per million uncached input tokens
 * @param output USD per million output tokens (reasoning included)
 * @param cachedInput USD per million input tokens read from the provider's cache
 */
public record Price(BigDecimal input, BigDecimal output, BigDecimal cachedInput) {

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  public Price {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(cachedInput, "cachedInput");
    if (input.signum() < 0 || output.signum() < 0 || cachedInput.signum() < 0) {
      throw new IllegalArgumentException("prices are >= 0");
    }
  }

  /**
   * Reads {@code in,out} or {@code in,out,cached} (USD per million tokens, e.g. {@code
   * 0.15,0.60,0.075}); without a cached price, cached input costs what input does. Throws {@link
   * IllegalArgumentException} for anything else.
   */
  public static Price parse(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "a price is 'input,output' or 'input,output,cachedInput' in USD per million tokens");
    }
    BigDecimal in = number(parts[0]);
    BigDecimal out = number(parts[1]);
    return new Price(in, out, parts.length == 3 ? number(parts[2]) : in);
  }

  private static BigDecimal number(String s) {
    try {
      return new BigDecimal(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s.strip() + "' is not a number", e);
    }
  }

  /**
   * What {@code usage} costs in USD, rounded to {@link Usd#SCALE} decimals; null when the provider
   * reported no counter. A missing counter counts 0; cached tokens beyond the input are not charged
   * twice (uncached input is never negative).
   */
  public BigDecimal cost(TokenUsage usage) {
    if (usage == null || !usage.reported()) {
      return null;
    }
    long in = usage.inputTokens() == null ? 0 : usage.inputTokens();
    long out = usage.outputTokens() == null ? 0 : usage.outputTokens();
    long cached = usage.cachedInputTokens() == null ? 0 : Math.min(usage.cachedInputTokens(), in);
    BigDecimal perMillion =
        input
            .multiply(BigDecimal.valueOf(in - cached))
            .add(cachedInput.multiply(BigDecimal.valueOf(cached)))
            .add(output.multiply(BigDecimal.valueOf(out)));
    return perMillion.divide(MILLION, Usd.SCALE, RoundingMode.HALF_UP);
  }
}
