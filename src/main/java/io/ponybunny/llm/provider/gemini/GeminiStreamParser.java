package io.ponybunny.llm.provider.gemini;

import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonScanner;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.provider.StreamParser;
import io.ponybunny.llm.sse.SseEvent;
import io.ponybunny.llm.sse.SseListener;
import io.ponybunny.llm.sse.SseParser;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
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
  private final JsonSupport.Utf8Reader reader = new JsonSupport.Utf8Reader();
  private final JsonScanner scanner = new JsonScanner();
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
                  JsonScanner s = scanner.reset(bytes, offset, length);
                  return mapper.tryScan(s, false, out) ? s.position() - offset : 0;
                }

                @Override
                public void element(byte[] bytes, int offset, int length) {
                  onElement(bytes, offset, length);
                }

                @Override
                public void garbage(byte[] bytes, int offset, int length) {
                  mapper.errorReported();
                  out.accept(
                      ProviderErrors.streamError(
                          new String(bytes, offset, length, StandardCharsets.UTF_8),
                          "invalid_stream"));
                }
              });
    } else {
      framer = null;
      sse =
          new SseParser(
              new SseListener() {
                @Override
                public void onEvent(SseEvent event) {
                  flushStray();
                  onData(event.data());
                }

                @Override
                public void onRawEvent(
                    String type, byte[] data, int offset, int length, String lastEventId) {
                  flushStray();
                  if (!fast(data, offset, length)) {
                    onData(new String(data, offset, length, StandardCharsets.UTF_8));
                  }
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
      mapper.errorReported();
      out.accept(ProviderErrors.streamError(text, "invalid_stream"));
    }
  }

  private void onData(String data) {
    JsonValue value = JsonSupport.tryReadValue(data);
    if (value == null) {
      if (!data.isBlank()) {
        mapper.errorReported();
        out.accept(ProviderErrors.streamError(data, "malformed_chunk"));
      }
      return;
    }
    mapper.map(value, out);
  }

  /**
   * The streaming paths of {@link GeminiChunkMapper}: the byte scanner, else JSON-P's streaming
   * parser; false leaves the bytes to the tree.
   */
  private boolean fast(byte[] bytes, int offset, int length) {
    if (mapper.tryScan(scanner.reset(bytes, offset, length), true, out)) {
      return true;
    }
    try (JsonParser p = JsonSupport.parser(reader.reset(bytes, offset, length))) {
      return mapper.tryMap(p, out);
    }
  }

  private void onElement(byte[] bytes, int offset, int length) {
    if (fast(bytes, offset, length)) {
      return;
    }
    JsonValue value;
    try {
      value = JsonSupport.readValue(bytes, offset, length);
    } catch (RuntimeException e) {
      mapper.errorReported();
      out.accept(
          ProviderErrors.streamError(
              new String(bytes, offset, length, StandardCharsets.UTF_8), "malformed_chunk"));
      return;
    }
    mapper.map(value, out);
  }
}
