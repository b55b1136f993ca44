package io.ponybunny.llm.provider.ollama;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonScanner;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.util.function.Consumer;

/** Maps Ollama native {@code /api/chat} and {@code /api/generate} objects onto chunks. */
final class OllamaChunkMapper {

  private int nextToolIndex;
  private boolean sawToolCall;
  private boolean sawDone;
  private boolean sawError;

  boolean ended() {
    return sawDone || sawError;
  }

  void errorReported() {
    sawError = true;
  }

  /** Signals input the streaming path leaves to the object-tree path. */
  private static final class Bail extends RuntimeException {
    private static final Bail INSTANCE = new Bail();

    private Bail() {
      super(null, null, false, false);
    }
  }

  private static int once(int seen, int bit) {
    if ((seen & bit) != 0) {
      throw Bail.INSTANCE;
    }
    return seen | bit;
  }

  /**
   * Maps one line read with the streaming parser, picking only the fields {@link #map} reads.
   * Returns false, having emitted and changed nothing, for what it leaves to the object-tree path:
   * a value that is not an object, an error, tool calls, a repeated key, or input that does not
   * parse.
   */
  boolean tryMap(JsonParser p, Consumer<StreamChunk> out) {
    String thinking = null;
    String response = null;
    String messageThinking = null;
    String messageContent = null;
    boolean done = false;
    Integer in = null;
    Integer outTokens = null;
    String reason = null;
    try {
      if (p.next() != Event.START_OBJECT) {
        return false;
      }
      int seen = 0;
      while (p.next() == Event.KEY_NAME) {
        String key = p.getString();
        Event v = p.next();
        switch (key) {
          case "error" -> {
            seen = once(seen, 1);
            if (v != Event.VALUE_NULL) {
              throw Bail.INSTANCE;
            }
          }
          case "message" -> {
            seen = once(seen, 2);
            if (v != Event.START_OBJECT) {
              JsonSupport.skip(p, v);
              break;
            }
            int mseen = 0;
            while (p.next() == Event.KEY_NAME) {
              String k = p.getString();
              Event mv = p.next();
              switch (k) {
                case "thinking" -> {
                  mseen = once(mseen, 1);
                  messageThinking = JsonSupport.stringValue(p, mv);
                }
                case "content" -> {
                  mseen = once(mseen, 2);
                  messageContent = JsonSupport.stringValue(p, mv);
                }
                case "tool_calls" -> {
                  mseen = once(mseen, 4);
                  if (mv == Event.START_ARRAY) {
                    throw Bail.INSTANCE;
                  }
                  JsonSupport.skip(p, mv);
                }
                default -> JsonSupport.skip(p, mv);
              }
            }
          }
          case "thinking" -> {
            seen = once(seen, 4);
            thinking = JsonSupport.stringValue(p, v);
          }
          case "response" -> {
            seen = once(seen, 8);
            response = JsonSupport.stringValue(p, v);
          }
          case "done" -> {
            seen = once(seen, 16);
            done = v == Event.VALUE_TRUE;
          }
          case "prompt_eval_count" -> {
            seen = once(seen, 32);
            in = JsonSupport.intValue(p, v);
          }
          case "eval_count" -> {
            seen = once(seen, 64);
            outTokens = JsonSupport.intValue(p, v);
          }
          case "done_reason" -> {
            seen = once(seen, 128);
            reason = JsonSupport.stringValue(p, v);
          }
          default -> JsonSupport.skip(p, v);
        }
      }
    } catch (Bail | JsonException | IllegalStateException | java.util.NoSuchElementException e) {
      return false;
    }
    emitLine(
        messageThinking != null ? messageThinking : thinking,
        messageContent != null ? messageContent : response,
        done,
        in,
        outTokens,
        reason,
        out);
    return true;
  }

  /**
   * {@link #tryMap} over the bytes of one line read with a {@link JsonScanner}, which allocates
   * only the values it keeps. False, having emitted and changed nothing, for everything {@code
   * tryMap} declines and for what the scanner does not handle (including content after the object):
   * the caller then takes the JSON-P paths.
   */
  boolean tryScan(JsonScanner s, Consumer<StreamChunk> out) {
    String thinking = null;
    String response = null;
    String messageThinking = null;
    String messageContent = null;
    boolean done = false;
    Integer in = null;
    Integer outTokens = null;
    String reason = null;
    try {
      if (s.peek() != JsonScanner.Kind.OBJECT) {
        return false;
      }
      int seen = 0;
      s.beginObject();
      while (s.nextKey()) {
        if (s.keyIs("message")) {
          seen = scanOnce(seen, 2);
          if (s.peek() != JsonScanner.Kind.OBJECT) {
            s.skipValue();
            continue;
          }
          int mseen = 0;
          s.beginObject();
          while (s.nextKey()) {
            if (s.keyIs("content")) {
              mseen = scanOnce(mseen, 2);
              messageContent = s.string();
            } else if (s.keyIs("thinking")) {
              mseen = scanOnce(mseen, 1);
              messageThinking = s.string();
            } else if (s.keyIs("tool_calls")) {
              mseen = scanOnce(mseen, 4);
              if (s.peek() == JsonScanner.Kind.ARRAY) {
                throw JsonScanner.unsupported();
              }
              s.skipValue();
            } else {
              s.skipValue();
            }
          }
        } else if (s.keyIs("done")) {
          seen = scanOnce(seen, 16);
          done = s.isTrue();
        } else if (s.keyIs("response")) {
          seen = scanOnce(seen, 8);
          response = s.string();
        } else if (s.keyIs("thinking")) {
          seen = scanOnce(seen, 4);
          thinking = s.string();
        } else if (s.keyIs("prompt_eval_count")) {
          seen = scanOnce(seen, 32);
          in = s.integer();
        } else if (s.keyIs("eval_count")) {
          seen = scanOnce(seen, 64);
          outTokens = s.integer();
        } else if (s.keyIs("done_reason")) {
          seen = scanOnce(seen, 128);
          reason = s.string();
        } else if (s.keyIs("error")) {
          seen = scanOnce(seen, 1);
          if (s.peek() != JsonScanner.Kind.NULL) {
            throw JsonScanner.unsupported();
          }
          s.skipValue();
        } else {
          s.skipValue();
        }
      }
      s.endOfInput();
    } catch (JsonScanner.Unsupported e) {
      return false;
    }
    emitLine(
        messageThinking != null ? messageThinking : thinking,
        messageContent != null ? messageContent : response,
        done,
        in,
        outTokens,
        reason,
        out);
    return true;
  }

  /** {@link #once} for the scanner: a repeated key is left to JSON-P. */
  private static int scanOnce(int seen, int bit) {
    if ((seen & bit) != 0) {
      throw JsonScanner.unsupported();
    }
    return seen | bit;
  }

  /** What a line read by {@link #tryMap} or {@link #tryScan} emits, in the tree path's order. */
  private void emitLine(
      String reasoning,
      String text,
      boolean done,
      Integer in,
      Integer outTokens,
      String reason,
      Consumer<StreamChunk> out) {
    if (reasoning != null && !reasoning.isEmpty()) {
      out.accept(new StreamChunk.ReasoningDelta(reasoning));
    }
    if (text != null && !text.isEmpty()) {
      out.accept(new StreamChunk.TextDelta(text));
    }
    if (done) {
      end(in, outTokens, reason, out);
    }
  }

  private void end(Integer in, Integer outTokens, String reason, Consumer<StreamChunk> out) {
    sawDone = true;
    if (in != null || outTokens != null) {
      out.accept(new StreamChunk.Usage(in, outTokens));
    }
    out.accept(new StreamChunk.Finish(finishReason(reason), reason));
  }

  void map(JsonObject o, Consumer<StreamChunk> out) {
    JsonValue error = o.get("error");
    if (error != null && error != JsonValue.NULL) {
      sawError = true;
      String message =
          error instanceof JsonString s
              ? s.getString()
              : error instanceof JsonObject eo ? JsonSupport.str(eo, "message") : error.toString();
      out.accept(new StreamChunk.ProviderError(0, "error", message == null ? "error" : message));
      return;
    }
    JsonObject message = JsonSupport.obj(o, "message");
    String thinking = JsonSupport.str(message, "thinking");
    if (thinking == null) {
      thinking = JsonSupport.str(o, "thinking");
    }
    if (thinking != null && !thinking.isEmpty()) {
      out.accept(new StreamChunk.ReasoningDelta(thinking));
    }
    String text = JsonSupport.str(message, "content");
    if (text == null) {
      text = JsonSupport.str(o, "response");
    }
    if (text != null && !text.isEmpty()) {
      out.accept(new StreamChunk.TextDelta(text));
    }
    JsonArray calls = JsonSupport.arr(message, "tool_calls");
    if (calls != null) {
      for (JsonValue v : calls) {
        if (v instanceof JsonObject call) {
          sawToolCall = true;
          JsonObject fn = JsonSupport.obj(call, "function");
          JsonValue args = fn == null ? null : fn.get("arguments");
          String argsText =
              args == null || args == JsonValue.NULL
                  ? "{}"
                  : args instanceof JsonString s ? s.getString() : JsonSupport.toJson(args);
          out.accept(
              new StreamChunk.ToolCallDelta(
                  nextToolIndex++,
                  JsonSupport.str(call, "id"),
                  JsonSupport.str(fn, "name"),
                  argsText));
        }
      }
    }
    if (JsonSupport.isTrue(o, "done")) {
      end(
          JsonSupport.integer(o, "prompt_eval_count"),
          JsonSupport.integer(o, "eval_count"),
          JsonSupport.str(o, "done_reason"),
          out);
    }
  }

  private FinishReason finishReason(String raw) {
    if (sawToolCall) {
      return FinishReason.TOOL_CALLS;
    }
    if (raw == null) {
      return FinishReason.STOP;
    }
    return switch (raw) {
      case "stop", "load", "unload" -> FinishReason.STOP;
      case "length" -> FinishReason.LENGTH;
      default -> FinishReason.ERROR;
    };
  }
}
