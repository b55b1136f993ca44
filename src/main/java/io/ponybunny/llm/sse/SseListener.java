package io.ponybunny.llm.sse;

import java.nio.charset.StandardCharsets;

/** Receives what an {@link SseParser} reads. Only {@link #onEvent} is mandatory. */
public interface SseListener {

  /** A complete event (dispatched on a blank line, or at the end of the stream). */
  void onEvent(SseEvent event);

  /**
   * The same event with its data still as UTF-8 bytes (data lines joined with {@code \n}), so that
   * a listener can parse it without an intermediate String. The bytes are only valid during the
   * call. The default decodes them and calls {@link #onEvent(SseEvent)}.
   *
   * @param type the event type, {@code message} when the stream gave none
   * @param lastEventId the last event id seen so far, null when none
   */
  default void onRawEvent(String type, byte[] data, int offset, int length, String lastEventId) {
    onEvent(
        new SseEvent(type, new String(data, offset, length, StandardCharsets.UTF_8), lastEventId));
  }

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
