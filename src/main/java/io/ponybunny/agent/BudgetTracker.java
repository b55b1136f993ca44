package io.ponybunny.agent;

import java.time.Clock;

/**
 * Counts what a running goal spends against its {@link Budget}: tokens, steps and time.
 * Thread-safe; the scheduler checks it before every LLM turn and sizes each call's {@code
 * maxTokens} from it.
 */
public final class BudgetTracker {

  private final Budget budget;
  private final Clock clock;
  private final long startMillis;
  private int tokensUsed;
  private int steps;

  public BudgetTracker(Budget budget, Clock clock, int tokensAlreadyUsed) {
    this.budget = budget;
    this.clock = clock;
    this.startMillis = clock.millis();
    this.tokensUsed = tokensAlreadyUsed;
  }

  public Budget budget() {
    return budget;
  }

  /** Adds the tokens of one LLM call. */
  public synchronized void addTokens(int tokens) {
    tokensUsed += Math.max(0, tokens);
  }

  public synchronized int tokensUsed() {
    return tokensUsed;
  }

  public synchronized int steps() {
    return steps;
  }

  /** Tokens still available (0 when spent). */
  public synchronized int remainingTokens() {
    return Math.max(0, budget.maxTokens() - tokensUsed);
  }

  /** Milliseconds until the duration limit (0 when reached). */
  public long remainingMillis() {
    return Math.max(0, startMillis + budget.maxDurationSeconds() * 1000L - clock.millis());
  }

  /**
   * Claims one more step; throws {@link BudgetExceededException} naming the limit when the steps,
   * tokens or time are spent.
   */
  public synchronized void beginStep() {
    check();
    if (steps >= budget.maxSteps()) {
      throw new BudgetExceededException(
          "step budget exhausted: " + budget.maxSteps() + " steps used");
    }
    steps++;
  }

  /** Throws {@link BudgetExceededException} when the tokens or the time are spent. */
  public synchronized void check() {
    if (tokensUsed >= budget.maxTokens()) {
      throw new BudgetExceededException(
          "token budget exhausted: " + tokensUsed + " of " + budget.maxTokens() + " tokens used");
    }
    if (remainingMillis() == 0) {
      throw new BudgetExceededException(
          "time budget exhausted: " + budget.maxDurationSeconds() + " s elapsed");
    }
  }
}
