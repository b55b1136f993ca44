package io.ponybunny.agent;

import java.util.Locale;

/** One attempt at a work item: {@code running → succeeded | failed | cancelled}. */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean isFinal() {
    return this != RUNNING;
  }

  public boolean canTransitionTo(RunStatus next) {
    return this == RUNNING && next != RUNNING;
  }

  public RunStatus transitionTo(RunStatus next) {
    if (!canTransitionTo(next)) {
      throw new IllegalTransitionException("run", wireName(), next.wireName());
    }
    return next;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
