package io.ponybunny.llm.sse;

import io.ponybunny.llm.StreamChunk;
import io.ponybunny.llm.StreamParser;
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
                SseStreamParser.this.onEvent(event);
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

  /** One dispatched event. */
  protected abstract void onEvent(SseEvent event);

  /** A line that is not an SSE field; ignored unless overridden. */
  protected void onUnknownLine(String line) {}

  /** The body ended (after the last pending event was dispatched). */
  protected abstract void onEnd();
}
