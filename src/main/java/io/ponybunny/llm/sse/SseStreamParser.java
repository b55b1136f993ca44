package io.ponybunny.llm.sse;

import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.provider.StreamParser;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Base of the {@link StreamParser}s whose body is SSE-framed: owns an {@link SseParser} and hands
 * each event to {@link #onEvent}, with {@link #emit} bound to the consumer of the current call.
 */
public abstract class SseStreamParser implements StreamParser {

  private final SseParser sse;
  private Consumer<StreamChunk> out;

  protected SseStreamParser() {
    this.sse =
        new SseParser(
            new SseListener() {
              @Override
              public void onEvent(SseEvent event) {
                byte[] data = event.data().getBytes(StandardCharsets.UTF_8);
                SseStreamParser.this.onEvent(event.type(), data, 0, data.length);
              }

              @Override
              public void onRawEvent(
                  String type, byte[] data, int offset, int length, String lastEventId) {
                SseStreamParser.this.onEvent(type, data, offset, length);
              }

              @Override
              public void onUnknownField(String name, String value, String line) {
                SseStreamParser.this.onUnknownLine(line);
              }
            });
  }

  @Override
  public final void parseStreamChunk(
      byte[] bytes, int offset, int length, Consumer<StreamChunk> out) {
    this.out = out;
    try {
      sse.feed(bytes, offset, length);
    } finally {
      this.out = null;
    }
  }

  @Override
  public final void endOfStream(Consumer<StreamChunk> out) {
    this.out = out;
    try {
      sse.end();
      onEnd();
    } finally {
      this.out = null;
    }
  }

  /** Sends a chunk to the consumer of the current call. */
  protected final void emit(StreamChunk chunk) {
    out.accept(chunk);
  }

  /**
   * One dispatched event: its type ({@code message} when none) and its data as UTF-8 bytes, valid
   * only during the call.
   */
  protected abstract void onEvent(String type, byte[] data, int offset, int length);

  /** The data of an event as text (for the rare paths that need it). */
  protected static String text(byte[] data, int offset, int length) {
    return new String(data, offset, length, StandardCharsets.UTF_8);
  }

  /**
   * Whether the data can be handled as a JSON object without looking at it as text: its first
   * byte that is not ASCII whitespace is {@code {}. Otherwise (blank, {@code [DONE]}, non-ASCII
   * lead, anything else) callers take the text path, which keeps their exact string rules.
   */
  protected static boolean startsWithBrace(byte[] data, int offset, int length) {
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      byte b = data[i];
      if (b == '{') {
        return true;
      }
      if (!(b == ' ' || (b >= 9 && b <= 13) || (b >= 28 && b <= 31))) {
        return false;
      }
    }
    return false;
  }

  /** A line that is not an SSE field; ignored unless overridden. */
  protected void onUnknownLine(String line) {}

  /** The body ended (after the last pending event was dispatched). */
  protected abstract void onEnd();
}
