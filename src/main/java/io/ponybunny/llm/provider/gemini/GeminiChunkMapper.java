package io.ponybunny.llm.provider.gemini;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonScanner;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.ProviderErrors;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads {@code GenerateContentResponse} objects (one per stream element, or a whole non-streamed
 * body) with a {@link JsonScanner} and maps them onto {@link StreamChunk}s: the parts of the first
 * candidate whose index is absent or 0 (text, thoughts, function calls), usage metadata, the finish
 * reason, else a prompt block reason. An object with an {@code error} object is an error, read by
 * {@link GeminiError}. Keeps the state that spans elements: whether a function call arrived (STOP
 * then means tool_calls), the next tool-call index, and whether the response ended.
 */
final class GeminiChunkMapper {

  private final JsonScanner scanner = new JsonScanner();

  private boolean sawFunctionCall;
  private int nextToolIndex;
  private boolean sawFinish;
  private boolean sawError;

  // What the object just read holds (a repeated key's last value wins, as in JSON-P).
  private boolean error;

  /** -1: no candidates array; 0: an empty one; 1: a non-empty one. */
  private int candidates;

  private String finish;

  /** The chosen candidate's parts: text and thought chunks, and {@link Call}s. */
  private final List<Object> parts = new ArrayList<>(4);

  private Integer promptTokens;
  private Integer candidateTokens;
  private Integer thoughtTokens;
  private Integer cachedTokens;
  private String blockReason;

  /** The finish reason of the candidate {@link #candidate} read last. */
  private String candidateFinish;

  /** A function call part; numbered when emitted. */
  private record Call(String id, String name, String arguments) {}

  boolean ended() {
    return sawFinish || sawError;
  }

  boolean sawError() {
    return sawError;
  }

  void errorReported() {
    sawError = true;
  }

  /**
   * Maps one JSON value: an object, an array of them (nested arrays too; other elements and a
   * scalar value are ignored). False, having emitted and changed nothing, when the bytes are not
   * one JSON value.
   */
  boolean map(byte[] bytes, int offset, int length, Consumer<StreamChunk> out) {
    JsonScanner s = scanner.reset(bytes, offset, length);
    try {
      JsonScanner.Kind kind = s.peek();
      if (kind == JsonScanner.Kind.OBJECT) {
        int from = s.position();
        readResponse(s);
        int to = s.position();
        s.endOfInput();
        emit(bytes, from, to - from, out);
        return true;
      }
      s.skipValue();
      s.endOfInput();
    } catch (JsonScanner.Malformed e) {
      return false;
    }
    if (s.reset(bytes, offset, length).peek() == JsonScanner.Kind.ARRAY) {
      // Checked whole above: the elements can be emitted as they are read.
      mapArray(s, bytes, out);
    }
    return true;
  }

  private void mapArray(JsonScanner s, byte[] bytes, Consumer<StreamChunk> out) {
    s.beginArray();
    while (s.nextElement()) {
      JsonScanner.Kind kind = s.peek();
      if (kind == JsonScanner.Kind.OBJECT) {
        int from = s.position();
        readResponse(s);
        emit(bytes, from, s.position() - from, out);
      } else if (kind == JsonScanner.Kind.ARRAY) {
        mapArray(s, bytes, out);
      } else {
        s.skipValue();
      }
    }
  }

  /**
   * Maps the object at the start of the bytes when it is whole there (the rest is left): how many
   * bytes it took, or 0, having emitted and changed nothing, when they do not start with a whole
   * JSON object.
   */
  int offer(byte[] bytes, int offset, int length, Consumer<StreamChunk> out) {
    JsonScanner s = scanner.reset(bytes, offset, length);
    int taken;
    try {
      if (s.peek() != JsonScanner.Kind.OBJECT) {
        return 0;
      }
      readResponse(s);
      taken = s.position() - offset;
    } catch (JsonScanner.Malformed e) {
      return 0;
    }
    emit(bytes, offset, taken, out);
    return taken;
  }

  /** Reads one GenerateContentResponse object into the fields {@link #emit} emits. */
  private void readResponse(JsonScanner s) {
    boolean error = false;
    int candidates = -1;
    String finish = null;
    Integer promptTokens = null;
    Integer candidateTokens = null;
    Integer thoughtTokens = null;
    Integer cachedTokens = null;
    String blockReason = null;
    parts.clear();
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("candidates")) {
        candidates = -1;
        finish = null;
        parts.clear();
        if (s.peek() != JsonScanner.Kind.ARRAY) {
          s.skipValue();
          continue;
        }
        candidates = 0;
        boolean chosen = false;
        s.beginArray();
        while (s.nextElement()) {
          candidates = 1;
          if (chosen || s.peek() != JsonScanner.Kind.OBJECT) {
            s.skipValue();
          } else if (candidate(s)) {
            chosen = true;
            finish = candidateFinish;
          } else {
            parts.clear();
          }
        }
      } else if (s.keyIs("usageMetadata")) {
        promptTokens = null;
        candidateTokens = null;
        thoughtTokens = null;
        cachedTokens = null;
        if (s.peek() != JsonScanner.Kind.OBJECT) {
          s.skipValue();
          continue;
        }
        s.beginObject();
        while (s.nextKey()) {
          if (s.keyIs("promptTokenCount")) {
            promptTokens = s.integer();
          } else if (s.keyIs("candidatesTokenCount")) {
            candidateTokens = s.integer();
          } else if (s.keyIs("thoughtsTokenCount")) {
            thoughtTokens = s.integer();
          } else if (s.keyIs("cachedContentTokenCount")) {
            cachedTokens = s.integer();
          } else {
            s.skipValue();
          }
        }
      } else if (s.keyIs("promptFeedback")) {
        blockReason = null;
        if (s.peek() != JsonScanner.Kind.OBJECT) {
          s.skipValue();
          continue;
        }
        s.beginObject();
        while (s.nextKey()) {
          if (s.keyIs("blockReason")) {
            blockReason = s.string();
          } else {
            s.skipValue();
          }
        }
      } else if (s.keyIs("error")) {
        error = s.peek() == JsonScanner.Kind.OBJECT;
        s.skipValue();
      } else {
        s.skipValue();
      }
    }
    this.error = error;
    this.candidates = candidates;
    this.finish = finish;
    this.promptTokens = promptTokens;
    this.candidateTokens = candidateTokens;
    this.thoughtTokens = thoughtTokens;
    this.cachedTokens = cachedTokens;
    this.blockReason = blockReason;
  }

  /**
   * Reads one candidate, its parts into {@link #parts} and its finish reason into {@link
   * #candidateFinish}: true when its index is absent or 0 (the candidate taken).
   */
  private boolean candidate(JsonScanner s) {
    Integer index = null;
    String finish = null;
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("index")) {
        index = s.integer();
      } else if (s.keyIs("finishReason")) {
        finish = s.string();
      } else if (s.keyIs("content")) {
        parts.clear();
        if (s.peek() != JsonScanner.Kind.OBJECT) {
          s.skipValue();
          continue;
        }
        s.beginObject();
        while (s.nextKey()) {
          if (s.keyIs("parts")) {
            parts.clear();
            if (s.peek() == JsonScanner.Kind.ARRAY) {
              parts(s);
            } else {
              s.skipValue();
            }
          } else {
            s.skipValue();
          }
        }
      } else {
        s.skipValue();
      }
    }
    candidateFinish = finish;
    return index == null || index == 0;
  }

  private void parts(JsonScanner s) {
    s.beginArray();
    while (s.nextElement()) {
      if (s.peek() != JsonScanner.Kind.OBJECT) {
        s.skipValue();
        continue;
      }
      String text = null;
      boolean thought = false;
      Call call = null;
      s.beginObject();
      while (s.nextKey()) {
        if (s.keyIs("text")) {
          text = s.string();
        } else if (s.keyIs("thought")) {
          thought = s.isTrue();
        } else if (s.keyIs("functionCall")) {
          call = functionCall(s);
        } else {
          s.skipValue();
        }
      }
      if (call != null) {
        parts.add(call);
      } else if (text != null && !text.isEmpty()) {
        parts.add(thought ? new StreamChunk.ReasoningDelta(text) : new StreamChunk.TextDelta(text));
      }
    }
  }

  /**
   * A {@code functionCall} object; null for any other value. Absent or null args are {@code {}}.
   */
  private static Call functionCall(JsonScanner s) {
    if (s.peek() != JsonScanner.Kind.OBJECT) {
      s.skipValue();
      return null;
    }
    String id = null;
    String name = null;
    String args = "{}";
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("id")) {
        id = s.string();
      } else if (s.keyIs("name")) {
        name = s.string();
      } else if (s.keyIs("args")) {
        if (s.peek() == JsonScanner.Kind.NULL) {
          s.skipValue();
          args = "{}";
        } else {
          args = s.json();
        }
      } else {
        s.skipValue();
      }
    }
    return new Call(id, name, args);
  }

  /** Emits the object just read, whose bytes are given for the error path. */
  private void emit(byte[] bytes, int offset, int length, Consumer<StreamChunk> out) {
    if (error) {
      sawError = true;
      parts.clear();
      JsonObject o = JsonSupport.tryReadObject(bytes, offset, length);
      out.accept(ProviderErrors.streamError(GeminiError.read(o), String.valueOf(o), "error"));
      return;
    }
    // Indexed: an iterator here is not always scalar-replaced, and would cost 32 B a chunk.
    for (int i = 0; i < parts.size(); i++) {
      Object part = parts.get(i);
      if (part instanceof Call c) {
        sawFunctionCall = true;
        out.accept(new StreamChunk.ToolCallDelta(nextToolIndex++, c.id(), c.name(), c.arguments()));
      } else {
        out.accept((StreamChunk) part);
      }
    }
    parts.clear();
    Integer outTokens =
        candidateTokens == null && thoughtTokens == null
            ? null
            : (candidateTokens == null ? 0 : candidateTokens)
                + (thoughtTokens == null ? 0 : thoughtTokens);
    if (promptTokens != null || outTokens != null || cachedTokens != null) {
      // promptTokenCount includes the cached content's tokens, as the other protocols count.
      out.accept(new StreamChunk.Usage(promptTokens, outTokens, cachedTokens));
    }
    if (finish != null) {
      sawFinish = true;
      out.accept(new StreamChunk.Finish(finishReason(finish), finish));
    } else if (candidates <= 0 && blockReason != null) {
      sawFinish = true;
      out.accept(new StreamChunk.Finish(FinishReason.CONTENT_FILTER, blockReason));
    }
  }

  FinishReason finishReason(String raw) {
    switch (raw) {
      case "STOP":
        return sawFunctionCall ? FinishReason.TOOL_CALLS : FinishReason.STOP;
      case "MAX_TOKENS":
        return FinishReason.LENGTH;
      case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "LANGUAGE":
        return FinishReason.CONTENT_FILTER;
      default:
        return raw.startsWith("IMAGE_") ? FinishReason.CONTENT_FILTER : FinishReason.ERROR;
    }
  }
}
