package io.ponybunny.cost;

import io.ponybunny.llm.api.TokenUsage;
import java.math.BigDecimal;

/**
 * What one LLM call used: its tokens as the provider reported them (so far, for a cancelled or
 * failed call) and their cost in USD, null when the model has no price or no usage was reported.
 */
public record Spend(TokenUsage usage, BigDecimal costUsd) {

  /** Nothing reported. */
  public static final Spend NONE = new Spend(TokenUsage.NONE, null);

  public Spend {
    usage = usage == null ? TokenUsage.NONE : usage;
  }

  /** Input plus output tokens (missing ones count 0). */
  public long tokens() {
    return usage.total();
  }

  /** The cost in nano-dollars, 0 when unknown. */
  public long costNanos() {
    return Usd.toNanos(costUsd);
  }
}
