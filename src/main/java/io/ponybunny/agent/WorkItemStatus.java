package io.ponybunny.agent;

import java.util.Locale;
import java.util.Set;

/**
 * A work item's life: {@code pending → running → succeeded | failed | cancelled}; a pending item is
 * {@code skipped} when an earlier item failed, or {@code cancelled} with its goal. A retry of the
 * goal puts failed and skipped items back to pending ({@link #resetOnRetry()}); succeeded items
 * keep their results.
 */
public enum WorkItemStatus {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  SKIPPED;

  public boolean isFinal() {
    return this != PENDING && this != RUNNING;
  }

  public boolean canTransitionTo(WorkItemStatus next) {
    return switch (this) {
      case PENDING -> Set.of(RUNNING, CANCELLED, SKIPPED, FAILED).contains(next);
      case RUNNING -> Set.of(SUCCEEDED, FAILED, CANCELLED).contains(next);
      default -> false;
    };
  }

  public WorkItemStatus transitionTo(WorkItemStatus next) {
    if (!canTransitionTo(next)) {
      throw new IllegalTransitionException("work item", wireName(), next.wireName());
    }
    return next;
  }

  /** Whether a retry of the goal runs this item again (a failed or skipped one). */
  public boolean resetOnRetry() {
    return this == FAILED || this == SKIPPED;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static WorkItemStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
