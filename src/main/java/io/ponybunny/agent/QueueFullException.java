package io.ponybunny.agent;

/** The scheduler already has its maximum of goals waiting; the caller should try again later. */
public class QueueFullException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int capacity;
  private final int retryAfterSeconds;

  public QueueFullException(int capacity, int retryAfterSeconds) {
    super(
        "The agent already has "
            + capacity
            + " goals waiting; try again in "
            + retryAfterSeconds
            + " s.");
    this.capacity = capacity;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** {@code ponybunny.agent.max-queued-goals}. */
  public int capacity() {
    return capacity;
  }

  /** When to try again, in seconds. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
