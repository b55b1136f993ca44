package io.ponybunny.llm.sse;

/** Receives what an {@link SseParser} reads. Only {@link #onEvent} is mandatory. */
public interface SseListener {

  /** A complete event (dispatched on a blank line, or at the end of the stream). */
  void onEvent(SseEvent event);

  /** A comment line; {@code text} is what follows the colon, unmodified. */
  default void onComment(String text) {}

  /**
   * A line whose field name is not one of {@code data}, {@code event}, {@code id}, {@code retry}.
   * The whole line is given too, so that stray non-SSE lines (a raw JSON error body) can be
   * recovered.
   *
   * @param name the field name (the whole line when it has no colon)
   * @param value the value, one leading space stripped; empty when the line has no colon
   * @param line the complete line as received, without its line end
   */
  default void onUnknownField(String name, String value, String line) {}

  /** A valid {@code retry} field: the reconnection time in milliseconds. */
  default void onRetry(long millis) {}
}
