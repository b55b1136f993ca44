package io.ponybunny.llm.provider.ollama;

import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.provider.StreamParser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Parses Ollama's native NDJSON stream: one JSON object per line (lines may be split anywhere
 * across reads), ending with an object that has {@code "done": true}. EOF before it is an {@code
 * incomplete_stream} error.
 */
public final class OllamaStreamParser implements StreamParser {

  private final OllamaChunkMapper mapper = new OllamaChunkMapper();
  private byte[] line = new byte[512];
  private int lineLength;

  @Override
  public void parseStreamChunk(byte[] bytes, int offset, int length, Consumer<StreamChunk> out) {
    int end = offset + length;
    int start = offset;
    for (int i = offset; i < end; i++) {
      if (bytes[i] == '\n') {
        append(bytes, start, i - start);
        completeLine(out);
        start = i + 1;
      }
    }
    append(bytes, start, end - start);
  }

  @Override
  public void endOfStream(Consumer<StreamChunk> out) {
    completeLine(out);
    if (!mapper.ended()) {
      out.accept(
          new StreamChunk.ProviderError(
              0, "incomplete_stream", "stream ended without a done:true line"));
    }
  }

  private void completeLine(Consumer<StreamChunk> out) {
    int from = 0;
    int to = lineLength;
    lineLength = 0;
    while (from < to && isSpace(line[from])) {
      from++;
    }
    while (to > from && isSpace(line[to - 1])) {
      to--;
    }
    if (from == to) {
      return;
    }
    if (!mapper.map(line, from, to - from, out)) {
      mapper.errorReported();
      out.accept(
          ProviderErrors.streamError(
              new String(line, from, to - from, StandardCharsets.UTF_8),
              "malformed_chunk",
              OllamaError::read));
    }
  }

  private static boolean isSpace(byte b) {
    return b == ' '
        || b == '\r'
        || b == '\t'
        || b == '\n'
        || b == (byte) 0xEF
        || b == (byte) 0xBB
        || b == (byte) 0xBF;
  }

  private void append(byte[] bytes, int from, int count) {
    if (count <= 0) {
      return;
    }
    int needed = lineLength + count;
    if (needed > line.length) {
      line = Arrays.copyOf(line, Math.max(needed, line.length * 2));
    }
    System.arraycopy(bytes, from, line, lineLength, count);
    lineLength = needed;
  }
}
