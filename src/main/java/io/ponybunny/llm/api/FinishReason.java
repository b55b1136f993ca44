package io.ponybunny.llm.api;

import java.util.Locale;

/** The common set of reasons a generation ends; each provider's own reason is kept beside it. */
public enum FinishReason {
  STOP,
  LENGTH,
  TOOL_CALLS,
  CONTENT_FILTER,
  ERROR,
  /** Ended by the caller, not by the provider. */
  CANCELLED;

  /** The lower-case wire name: {@code stop}, {@code length}, {@code tool_calls}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; null for null. */
  public static FinishReason fromWireName(String name) {
    return name == null ? null : valueOf(name.toUpperCase(Locale.ROOT));
  }
}
