package io.ponybunny.llm.provider.gemini;

import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.provider.StreamParser;
import io.ponybunny.llm.sse.SseEvent;
import io.ponybunny.llm.sse.SseListener;
import io.ponybunny.llm.sse.SseParser;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Parses a Gemini {@code streamGenerateContent} body in either framing: SSE ({@code ?alt=sse}, one
 * {@code GenerateContentResponse} per event, no terminator; stray non-SSE lines such as a raw JSON
 * error body become an error) or the default JSON array ({@code [{...},{...}]}, framed
 * incrementally by {@link JsonArrayFramer}). A finish reason or a prompt block reason ends a
 * response cleanly; EOF without one, or before the array's closing bracket, is an {@code
 * incomplete_stream} error.
 */
public final class GeminiStreamParser implements StreamParser {

  private final GeminiChunkMapper mapper = new GeminiChunkMapper();
  private final SseParser sse;
  private final JsonArrayFramer framer;
  private final StringBuilder stray = new StringBuilder();
  private Consumer<StreamChunk> out;

  private GeminiStreamParser(boolean jsonArray) {
    if (jsonArray) {
      sse = null;
      framer =
          new JsonArrayFramer(
              new JsonArrayFramer.Sink() {
                @Override
                public int offer(byte[] bytes, int offset, int length) {
                  // Framing and reading in one pass when the element is whole in this piece.
                  return mapper.offer(bytes, offset, length, out);
                }

                @Override
                public void element(byte[] bytes, int offset, int length) {
                  onElement(bytes, offset, length);
                }

                @Override
                public void garbage(byte[] bytes, int offset, int length) {
                  error(
                      new String(bytes, offset, length, StandardCharsets.UTF_8), "invalid_stream");
                }
              });
    } else {
      framer = null;
      sse =
          new SseParser(
              new SseListener() {
                @Override
                public void onEvent(SseEvent event) {
                  byte[] data = event.data().getBytes(StandardCharsets.UTF_8);
                  onRawEvent(event.type(), data, 0, data.length, event.id());
                }

                @Override
                public void onRawEvent(
                    String type, byte[] data, int offset, int length, String lastEventId) {
                  flushStray();
                  onData(data, offset, length);
                }

                @Override
                public void onUnknownField(String name, String value, String line) {
                  stray.append(line).append('\n');
                }
              });
    }
  }

  /** A parser for the {@code ?alt=sse} framing. */
  public static GeminiStreamParser sse() {
    return new GeminiStreamParser(false);
  }

  /** A parser for the default JSON-array framing. */
  public static GeminiStreamParser jsonArray() {
    return new GeminiStreamParser(true);
  }

  @Override
  public void parseStreamChunk(byte[] bytes, int offset, int length, Consumer<StreamChunk> out) {
    this.out = out;
    try {
      if (sse != null) {
        sse.feed(bytes, offset, length);
      } else {
        framer.feed(bytes, offset, length);
      }
    } finally {
      this.out = null;
    }
  }

  @Override
  public void endOfStream(Consumer<StreamChunk> out) {
    this.out = out;
    try {
      boolean incomplete;
      if (sse != null) {
        sse.end();
        flushStray();
        incomplete = !mapper.ended();
      } else {
        framer.end();
        incomplete = !mapper.sawError() && (framer.incomplete() || !mapper.ended());
      }
      if (incomplete && !mapper.sawError()) {
        out.accept(
            new StreamChunk.ProviderError(
                0,
                "incomplete_stream",
                sse != null
                    ? "stream ended without finishReason"
                    : "stream ended before the end of the JSON array"));
      }
    } finally {
      this.out = null;
    }
  }

  private void flushStray() {
    if (stray.length() > 0) {
      String text = stray.toString();
      stray.setLength(0);
      error(text, "invalid_stream");
    }
  }

  /** One SSE event's data: a value to map; blank data is no event. */
  private void onData(byte[] bytes, int offset, int length) {
    if (!mapper.map(bytes, offset, length, out)) {
      String data = new String(bytes, offset, length, StandardCharsets.UTF_8);
      if (!data.isBlank()) {
        error(data, "malformed_chunk");
      }
    }
  }

  private void onElement(byte[] bytes, int offset, int length) {
    if (!mapper.map(bytes, offset, length, out)) {
      error(new String(bytes, offset, length, StandardCharsets.UTF_8), "malformed_chunk");
    }
  }

  /** Text that is not what the framing promised: its error envelope, or a snippet of it. */
  private void error(String text, String type) {
    mapper.errorReported();
    out.accept(ProviderErrors.streamError(text, type, GeminiError::read));
  }
}
