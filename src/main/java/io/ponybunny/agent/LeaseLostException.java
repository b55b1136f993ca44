package io.ponybunny.agent;

/**
 * A write for a goal by an instance that no longer holds it: another instance claimed the goal
 * since (its fence moved on). Nothing of the write was kept; the stale runner stops without writing
 * or publishing anything more, the goal's new holder goes on with it.
 */
public final class LeaseLostException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String goalId;
  private final long fence;

  /**
   * @param goalId the goal
   * @param fence the fence the refused writer held
   */
  public LeaseLostException(String goalId, long fence) {
    super("goal " + goalId + " is no longer held with fence " + fence);
    this.goalId = goalId;
    this.fence = fence;
  }

  public String goalId() {
    return goalId;
  }

  public long fence() {
    return fence;
  }
}
