package io.ponybunny.agent;

import java.util.Locale;
import java.util.Set;

/**
 * A goal's life: {@code queued → running → succeeded | failed | cancelled}; a queued goal may also
 * be cancelled (or failed, e.g. an unknown model) before it starts. Final states never change
 * through {@link #transitionTo}; only an explicit retry ({@link #retry()}) puts a failed goal
 * (interrupted by a server stop, or failed) back to queued.
 */
public enum GoalStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** Whether no further transition is possible. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** Whether the state machine allows {@code this → next}. */
  public boolean canTransitionTo(GoalStatus next) {
    return switch (this) {
      case QUEUED -> Set.of(RUNNING, FAILED, CANCELLED).contains(next);
      case RUNNING -> Set.of(SUCCEEDED, FAILED, CANCELLED).contains(next);
      default -> false;
    };
  }

  /** {@code next}, or an {@link IllegalTransitionException} when the move is not allowed. */
  public GoalStatus transitionTo(GoalStatus next) {
    if (!canTransitionTo(next)) {
      throw new IllegalTransitionException("goal", this.wireName(), next.wireName());
    }
    return next;
  }

  /** Whether a retry may queue a goal in this state again: only a failed (or interrupted) one. */
  public boolean canRetry() {
    return this == FAILED;
  }

  /** {@code queued}, or an {@link IllegalTransitionException} when the goal cannot be retried. */
  public GoalStatus retry() {
    if (!canRetry()) {
      throw new IllegalTransitionException("goal", this.wireName(), QUEUED.wireName());
    }
    return QUEUED;
  }

  /** The lower-case wire name: {@code queued}, {@code running}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; {@link IllegalArgumentException} for an unknown one. */
  public static GoalStatus fromWireName(String name) {
    for (GoalStatus s : values()) {
      if (s.wireName().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown goal status '" + name + "'");
  }
}
