package io.ponybunny.agent;

import java.util.Locale;

/** A recorded LLM stream: {@code streaming → completed | error | cancelled}. */
public enum StreamStatus {
  STREAMING,
  COMPLETED,
  ERROR,
  CANCELLED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static StreamStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
