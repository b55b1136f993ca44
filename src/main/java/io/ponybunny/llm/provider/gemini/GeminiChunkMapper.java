package io.ponybunny.llm.provider.gemini;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonScanner;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.ProviderErrors;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Maps {@code GenerateContentResponse} objects (one per stream element, or a whole non-streamed
 * body) onto {@link StreamChunk}s, keeping the state that spans elements: whether a function call
 * arrived (STOP then means tool_calls), the next tool-call index, and whether the response ended.
 */
final class GeminiChunkMapper {

  private boolean sawFunctionCall;
  private int nextToolIndex;
  private boolean sawFinish;
  private boolean sawError;

  boolean ended() {
    return sawFinish || sawError;
  }

  boolean sawError() {
    return sawError;
  }

  void errorReported() {
    sawError = true;
  }

  /** Maps one value: an object, or an array of objects. */
  void map(JsonValue value, Consumer<StreamChunk> out) {
    if (value instanceof JsonArray array) {
      for (JsonValue v : array) {
        map(v, out);
      }
    } else if (value instanceof JsonObject o) {
      mapObject(o, out);
    }
  }

  /** Signals input the streaming path leaves to the object-tree path. */
  private static final class Bail extends RuntimeException {
    private static final Bail INSTANCE = new Bail();

    private Bail() {
      super(null, null, false, false);
    }
  }

  /** Text parts of the chosen candidate, collected before anything is emitted (reused). */
  private final List<StreamChunk> pending = new ArrayList<>(4);

  /**
   * Maps one {@code GenerateContentResponse} object read with the streaming parser, picking only
   * the fields {@link #mapObject} reads. Returns false, having emitted and changed nothing, for
   * what it leaves to the object-tree path: a value that is not an object, an error object, a
   * function call, a repeated key, or input that does not parse.
   */
  boolean tryMap(JsonParser p, Consumer<StreamChunk> out) {
    pending.clear();
    try {
      if (p.next() != Event.START_OBJECT) {
        return false;
      }
      readResponse(p);
    } catch (Bail | JsonException | IllegalStateException | java.util.NoSuchElementException e) {
      pending.clear();
      return false;
    }
    emitRead(out);
    return true;
  }

  /**
   * {@link #tryMap(JsonParser, Consumer)} over the bytes of one element read with a {@link
   * JsonScanner}, which allocates only the values it keeps. False, having emitted and changed
   * nothing, for everything {@code tryMap} declines and for what the scanner does not handle: the
   * caller then takes the JSON-P paths.
   *
   * @param whole whether the object must be all the input (else the scanner stops after it)
   */
  boolean tryScan(JsonScanner s, boolean whole, Consumer<StreamChunk> out) {
    pending.clear();
    try {
      if (s.peek() != JsonScanner.Kind.OBJECT) {
        return false;
      }
      scanResponse(s);
      if (whole) {
        s.endOfInput();
      }
    } catch (JsonScanner.Unsupported e) {
      pending.clear();
      return false;
    }
    emitRead(out);
    return true;
  }

  /** Emits what {@link #readResponse} or {@link #scanResponse} read, in the tree path's order. */
  private void emitRead(Consumer<StreamChunk> out) {
    // Indexed: an iterator here is not always scalar-replaced, and would cost 32 B a chunk.
    for (int i = 0; i < pending.size(); i++) {
      out.accept(pending.get(i));
    }
    pending.clear();
    if (read.in != null || read.outTokens != null) {
      out.accept(new StreamChunk.Usage(read.in, read.outTokens));
    }
    if (read.finish != null) {
      sawFinish = true;
      out.accept(new StreamChunk.Finish(finishReason(read.finish), read.finish));
    } else if (read.candidates <= 0 && read.block != null) {
      sawFinish = true;
      out.accept(new StreamChunk.Finish(FinishReason.CONTENT_FILTER, read.block));
    }
  }

  /** What {@link #readResponse} found, emitted once the whole object parsed. */
  private static final class Read {
    /** -1: no candidates array; else 0 when empty, 1 when not. */
    int candidates;

    String finish;
    Integer in;
    Integer outTokens;
    String block;
  }

  private final Read read = new Read();

  /** The finish reason of the candidate {@link #readCandidate} last read. */
  private String candidateFinish;

  private static int once(int seen, int bit) {
    if ((seen & bit) != 0) {
      throw Bail.INSTANCE;
    }
    return seen | bit;
  }

  private void readResponse(JsonParser p) {
    int seen = 0;
    // -1: no candidates array; else its element count (capped at 1).
    int candidates = -1;
    boolean chosen = false;
    String finish = null;
    Integer in = null;
    Integer candidateTokens = null;
    Integer thoughts = null;
    String block = null;
    while (p.next() == Event.KEY_NAME) {
      String key = p.getString();
      Event v = p.next();
      switch (key) {
        case "error" -> {
          seen = once(seen, 1);
          if (v == Event.START_OBJECT) {
            throw Bail.INSTANCE;
          }
          JsonSupport.skip(p, v);
        }
        case "candidates" -> {
          seen = once(seen, 2);
          if (v != Event.START_ARRAY) {
            JsonSupport.skip(p, v);
            break;
          }
          candidates = 0;
          Event e;
          while ((e = p.next()) != Event.END_ARRAY) {
            candidates = 1;
            if (e != Event.START_OBJECT) {
              JsonSupport.skip(p, e);
              continue;
            }
            if (chosen) {
              JsonSupport.skip(p, e);
              continue;
            }
            int mark = pending.size();
            candidateFinish = null;
            boolean first = readCandidate(p);
            if (first) {
              chosen = true;
              finish = candidateFinish;
            } else {
              truncatePending(mark);
            }
          }
        }
        case "usageMetadata" -> {
          seen = once(seen, 4);
          if (v != Event.START_OBJECT) {
            JsonSupport.skip(p, v);
            break;
          }
          int useen = 0;
          while (p.next() == Event.KEY_NAME) {
            String k = p.getString();
            Event uv = p.next();
            switch (k) {
              case "promptTokenCount" -> {
                useen = once(useen, 1);
                in = JsonSupport.intValue(p, uv);
              }
              case "candidatesTokenCount" -> {
                useen = once(useen, 2);
                candidateTokens = JsonSupport.intValue(p, uv);
              }
              case "thoughtsTokenCount" -> {
                useen = once(useen, 4);
                thoughts = JsonSupport.intValue(p, uv);
              }
              default -> JsonSupport.skip(p, uv);
            }
          }
        }
        case "promptFeedback" -> {
          seen = once(seen, 8);
          if (v != Event.START_OBJECT) {
            JsonSupport.skip(p, v);
            break;
          }
          int fseen = 0;
          while (p.next() == Event.KEY_NAME) {
            String k = p.getString();
            Event fv = p.next();
            if (k.equals("blockReason")) {
              fseen = once(fseen, 1);
              block = JsonSupport.stringValue(p, fv);
            } else {
              JsonSupport.skip(p, fv);
            }
          }
        }
        default -> JsonSupport.skip(p, v);
      }
    }
    read.candidates = candidates;
    read.finish = finish;
    read.in = in;
    read.outTokens =
        candidateTokens == null && thoughts == null
            ? null
            : (candidateTokens == null ? 0 : candidateTokens) + (thoughts == null ? 0 : thoughts);
    read.block = block;
  }

  private void truncatePending(int size) {
    while (pending.size() > size) {
      pending.remove(pending.size() - 1);
    }
  }

  /**
   * Reads one candidate object, adding its text parts to {@link #pending}; true when its index is
   * absent or 0 (the candidate {@link #mapObject} takes).
   */
  private boolean readCandidate(JsonParser p) {
    int seen = 0;
    Integer index = null;
    while (p.next() == Event.KEY_NAME) {
      String key = p.getString();
      Event v = p.next();
      switch (key) {
        case "index" -> {
          seen = once(seen, 1);
          index = JsonSupport.intValue(p, v);
        }
        case "finishReason" -> {
          seen = once(seen, 2);
          candidateFinish = JsonSupport.stringValue(p, v);
        }
        case "content" -> {
          seen = once(seen, 4);
          if (v != Event.START_OBJECT) {
            JsonSupport.skip(p, v);
            break;
          }
          int cseen = 0;
          while (p.next() == Event.KEY_NAME) {
            String k = p.getString();
            Event cv = p.next();
            if (k.equals("parts")) {
              cseen = once(cseen, 1);
              if (cv == Event.START_ARRAY) {
                readParts(p);
              } else {
                JsonSupport.skip(p, cv);
              }
            } else {
              JsonSupport.skip(p, cv);
            }
          }
        }
        default -> JsonSupport.skip(p, v);
      }
    }
    return index == null || index == 0;
  }

  private void readParts(JsonParser p) {
    Event e;
    while ((e = p.next()) != Event.END_ARRAY) {
      if (e != Event.START_OBJECT) {
        JsonSupport.skip(p, e);
        continue;
      }
      int seen = 0;
      String text = null;
      boolean thought = false;
      while (p.next() == Event.KEY_NAME) {
        String key = p.getString();
        Event v = p.next();
        switch (key) {
          case "functionCall" -> {
            if (v == Event.START_OBJECT) {
              throw Bail.INSTANCE;
            }
            seen = once(seen, 1);
            JsonSupport.skip(p, v);
          }
          case "text" -> {
            seen = once(seen, 2);
            text = JsonSupport.stringValue(p, v);
          }
          case "thought" -> {
            seen = once(seen, 4);
            thought = v == Event.VALUE_TRUE;
          }
          default -> JsonSupport.skip(p, v);
        }
      }
      if (text != null && !text.isEmpty()) {
        pending.add(
            thought ? new StreamChunk.ReasoningDelta(text) : new StreamChunk.TextDelta(text));
      }
    }
  }

  /** {@link #readResponse} over a {@link JsonScanner}, key for key. */
  private void scanResponse(JsonScanner s) {
    int seen = 0;
    int candidates = -1;
    boolean chosen = false;
    String finish = null;
    Integer in = null;
    Integer candidateTokens = null;
    Integer thoughts = null;
    String block = null;
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("candidates")) {
        seen = scanOnce(seen, 2);
        if (s.peek() != JsonScanner.Kind.ARRAY) {
          s.skipValue();
          continue;
        }
        candidates = 0;
        s.beginArray();
        while (s.nextElement()) {
          candidates = 1;
          if (chosen || s.peek() != JsonScanner.Kind.OBJECT) {
            s.skipValue();
            continue;
          }
          int mark = pending.size();
          candidateFinish = null;
          if (scanCandidate(s)) {
            chosen = true;
            finish = candidateFinish;
          } else {
            truncatePending(mark);
          }
        }
      } else if (s.keyIs("usageMetadata")) {
        seen = scanOnce(seen, 4);
        if (s.peek() != JsonScanner.Kind.OBJECT) {
          s.skipValue();
          continue;
        }
        int useen = 0;
        s.beginObject();
        while (s.nextKey()) {
          if (s.keyIs("promptTokenCount")) {
            useen = scanOnce(useen, 1);
            in = s.integer();
          } else if (s.keyIs("candidatesTokenCount")) {
            useen = scanOnce(useen, 2);
            candidateTokens = s.integer();
          } else if (s.keyIs("thoughtsTokenCount")) {
            useen = scanOnce(useen, 4);
            thoughts = s.integer();
          } else {
            s.skipValue();
          }
        }
      } else if (s.keyIs("promptFeedback")) {
        seen = scanOnce(seen, 8);
        if (s.peek() != JsonScanner.Kind.OBJECT) {
          s.skipValue();
          continue;
        }
        int fseen = 0;
        s.beginObject();
        while (s.nextKey()) {
          if (s.keyIs("blockReason")) {
            fseen = scanOnce(fseen, 1);
            block = s.string();
          } else {
            s.skipValue();
          }
        }
      } else if (s.keyIs("error")) {
        seen = scanOnce(seen, 1);
        if (s.peek() == JsonScanner.Kind.OBJECT) {
          throw JsonScanner.unsupported();
        }
        s.skipValue();
      } else {
        s.skipValue();
      }
    }
    read.candidates = candidates;
    read.finish = finish;
    read.in = in;
    read.outTokens =
        candidateTokens == null && thoughts == null
            ? null
            : (candidateTokens == null ? 0 : candidateTokens) + (thoughts == null ? 0 : thoughts);
    read.block = block;
  }

  /** {@link #readCandidate} over a {@link JsonScanner}. */
  private boolean scanCandidate(JsonScanner s) {
    int seen = 0;
    Integer index = null;
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("index")) {
        seen = scanOnce(seen, 1);
        index = s.integer();
      } else if (s.keyIs("finishReason")) {
        seen = scanOnce(seen, 2);
        candidateFinish = s.string();
      } else if (s.keyIs("content")) {
        seen = scanOnce(seen, 4);
        if (s.peek() != JsonScanner.Kind.OBJECT) {
          s.skipValue();
          continue;
        }
        int cseen = 0;
        s.beginObject();
        while (s.nextKey()) {
          if (s.keyIs("parts")) {
            cseen = scanOnce(cseen, 1);
            if (s.peek() == JsonScanner.Kind.ARRAY) {
              scanParts(s);
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
    return index == null || index == 0;
  }

  /** {@link #readParts} over a {@link JsonScanner}. */
  private void scanParts(JsonScanner s) {
    s.beginArray();
    while (s.nextElement()) {
      if (s.peek() != JsonScanner.Kind.OBJECT) {
        s.skipValue();
        continue;
      }
      int seen = 0;
      String text = null;
      boolean thought = false;
      s.beginObject();
      while (s.nextKey()) {
        if (s.keyIs("text")) {
          seen = scanOnce(seen, 2);
          text = s.string();
        } else if (s.keyIs("thought")) {
          seen = scanOnce(seen, 4);
          thought = s.isTrue();
        } else if (s.keyIs("functionCall")) {
          if (s.peek() == JsonScanner.Kind.OBJECT) {
            throw JsonScanner.unsupported();
          }
          seen = scanOnce(seen, 1);
          s.skipValue();
        } else {
          s.skipValue();
        }
      }
      if (text != null && !text.isEmpty()) {
        pending.add(
            thought ? new StreamChunk.ReasoningDelta(text) : new StreamChunk.TextDelta(text));
      }
    }
  }

  /** {@link #once} for the scanner: a repeated key is left to JSON-P. */
  private static int scanOnce(int seen, int bit) {
    if ((seen & bit) != 0) {
      throw JsonScanner.unsupported();
    }
    return seen | bit;
  }

  private void mapObject(JsonObject o, Consumer<StreamChunk> out) {
    if (o.get("error") instanceof JsonObject) {
      sawError = true;
      out.accept(ProviderErrors.streamError(o, "error"));
      return;
    }
    JsonArray candidates = JsonSupport.arr(o, "candidates");
    JsonObject candidate = null;
    if (candidates != null) {
      for (JsonValue v : candidates) {
        if (v instanceof JsonObject c) {
          Integer index = JsonSupport.integer(c, "index");
          if (index == null || index == 0) {
            candidate = c;
            break;
          }
        }
      }
    }
    if (candidate != null) {
      JsonArray parts = JsonSupport.arr(JsonSupport.obj(candidate, "content"), "parts");
      if (parts != null) {
        for (JsonValue v : parts) {
          if (v instanceof JsonObject part) {
            mapPart(part, out);
          }
        }
      }
    }
    StreamChunk.Usage usage = usage(JsonSupport.obj(o, "usageMetadata"));
    if (usage != null) {
      out.accept(usage);
    }
    String finish = JsonSupport.str(candidate, "finishReason");
    if (finish != null) {
      sawFinish = true;
      out.accept(new StreamChunk.Finish(finishReason(finish), finish));
    } else if (candidates == null || candidates.isEmpty()) {
      String block = JsonSupport.str(JsonSupport.obj(o, "promptFeedback"), "blockReason");
      if (block != null) {
        sawFinish = true;
        out.accept(new StreamChunk.Finish(FinishReason.CONTENT_FILTER, block));
      }
    }
  }

  private void mapPart(JsonObject part, Consumer<StreamChunk> out) {
    JsonObject call = JsonSupport.obj(part, "functionCall");
    if (call != null) {
      sawFunctionCall = true;
      JsonValue args = call.get("args");
      out.accept(
          new StreamChunk.ToolCallDelta(
              nextToolIndex++,
              JsonSupport.str(call, "id"),
              JsonSupport.str(call, "name"),
              args == null || args == JsonValue.NULL ? "{}" : JsonSupport.toJson(args)));
      return;
    }
    String text = JsonSupport.str(part, "text");
    if (text != null && !text.isEmpty()) {
      out.accept(
          JsonSupport.isTrue(part, "thought")
              ? new StreamChunk.ReasoningDelta(text)
              : new StreamChunk.TextDelta(text));
    }
  }

  private static StreamChunk.Usage usage(JsonObject meta) {
    if (meta == null) {
      return null;
    }
    Integer in = JsonSupport.integer(meta, "promptTokenCount");
    Integer candidates = JsonSupport.integer(meta, "candidatesTokenCount");
    Integer thoughts = JsonSupport.integer(meta, "thoughtsTokenCount");
    Integer out =
        candidates == null && thoughts == null
            ? null
            : (candidates == null ? 0 : candidates) + (thoughts == null ? 0 : thoughts);
    return in == null && out == null ? null : new StreamChunk.Usage(in, out);
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
