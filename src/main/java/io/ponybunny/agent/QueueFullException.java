package io.ponybunny.agent;

/**
 * The scheduler already has its maximum of goals waiting, in all or of the goal's owner ({@link
 * #perPrincipal}); the caller should try again later.
 */
public class QueueFullException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int capacity;
  private final int retryAfterSeconds;
  private final boolean perPrincipal;

  public QueueFullException(int capacity, int retryAfterSeconds, boolean perPrincipal) {
    super(
        (perPrincipal ? "The goal's owner already has " : "The agent already has ")
            + capacity
            + " goals waiting; try again in "
            + retryAfterSeconds
            + " s.");
    this.capacity = capacity;
    this.retryAfterSeconds = retryAfterSeconds;
    this.perPrincipal = perPrincipal;
  }

  /**
   * {@code ponybunny.agent.max-queued-goals}, or {@code
   * ponybunny.agent.max-queued-goals-per-principal} when {@link #perPrincipal}.
   */
  public int capacity() {
    return capacity;
  }

  /** Whether the owner's own cap refused, not the server's. */
  public boolean perPrincipal() {
    return perPrincipal;
  }

  /** When to try again, in seconds. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
