package io.ponybunny.history;

import java.util.Locale;

/**
 * A recorded LLM stream: {@code streaming → completed | error | cancelled | interrupted}; {@code
 * interrupted} when the server stopped (or crashed) while it streamed, keeping the content saved up
 * to its last checkpoint.
 */
public enum StreamStatus {
  STREAMING,
  COMPLETED,
  ERROR,
  CANCELLED,
  INTERRUPTED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static StreamStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
