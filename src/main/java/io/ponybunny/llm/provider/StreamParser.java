package io.ponybunny.llm.provider;

import io.ponybunny.llm.api.StreamChunk;
import java.util.function.Consumer;

/**
 * Turns the bytes of one streaming response body into {@link StreamChunk}s.
 *
 * <p>One instance serves exactly one response and keeps the state of that response (partial lines,
 * open tool calls, whether a finish reason or terminator was seen). Bytes may be split anywhere,
 * including inside a UTF-8 character or between CR and LF: feeding a body in any pieces yields
 * exactly the chunks that feeding it whole does. Implementations are not thread-safe; one reader
 * thread feeds them.
 */
public interface StreamParser {

  /** Feeds the next {@code len} bytes of the body and emits every chunk they complete. */
  void parseStreamChunk(byte[] bytes, int offset, int length, Consumer<StreamChunk> out);

  /**
   * Signals the end of the body. Emits what a pending (unterminated) event holds, and a {@link
   * StreamChunk.ProviderError} of type {@code incomplete_stream} when the body ended without the
   * protocol's finish reason or terminator.
   */
  void endOfStream(Consumer<StreamChunk> out);
}
