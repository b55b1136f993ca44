package io.ponybunny.agent;

/**
 * What a goal may spend. Every limit is positive; the scheduler stops the goal (failed, with the
 * exceeded limit named) when one is reached.
 *
 * @param maxTokens input plus output tokens over all of the goal's LLM calls
 * @param maxSteps ReAct steps (LLM turns) over all of the goal's work items
 * @param maxDurationSeconds wall-clock time from the goal's start
 */
public record Budget(int maxTokens, int maxSteps, int maxDurationSeconds) {

  /** The defaults used for limits a goal does not set. */
  public static final Budget DEFAULT = new Budget(50_000, 12, 300);

  public Budget {
    if (maxTokens < 1 || maxSteps < 1 || maxDurationSeconds < 1) {
      throw new IllegalArgumentException("budget limits must be positive");
    }
  }

  /** This budget with each null argument replaced by the value of {@code defaults}. */
  public static Budget of(
      Integer maxTokens, Integer maxSteps, Integer maxDurationSeconds, Budget defaults) {
    return new Budget(
        maxTokens != null ? maxTokens : defaults.maxTokens(),
        maxSteps != null ? maxSteps : defaults.maxSteps(),
        maxDurationSeconds != null ? maxDurationSeconds : defaults.maxDurationSeconds());
  }
}
