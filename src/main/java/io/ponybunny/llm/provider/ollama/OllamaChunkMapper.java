package io.ponybunny.llm.provider.ollama;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonScanner;
import io.ponybunny.llm.json.JsonSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads Ollama native {@code /api/chat} and {@code /api/generate} objects, one stream line or the
 * whole non-streamed body (the final line's shape), with a {@link JsonScanner}, and maps them onto
 * chunks. Keeps what spans lines: the next tool-call index, whether a tool call arrived (the finish
 * is then tool_calls), whether the response ended. An object with a non-null {@code error} is an
 * error, read by {@link OllamaError}.
 */
final class OllamaChunkMapper {

  private final JsonScanner scanner = new JsonScanner();

  private int nextToolIndex;
  private boolean sawToolCall;
  private boolean sawDone;
  private boolean sawError;

  /** A tool call of the object read; numbered when emitted. */
  private record Call(String id, String name, String arguments) {}

  boolean ended() {
    return sawDone || sawError;
  }

  void errorReported() {
    sawError = true;
  }

  /**
   * Maps one object; false, having emitted and changed nothing, when the bytes are not one JSON
   * object. A repeated key's last value wins, as in JSON-P.
   */
  boolean map(byte[] bytes, int offset, int length, Consumer<StreamChunk> out) {
    JsonScanner s = scanner.reset(bytes, offset, length);
    boolean error = false;
    String thinking = null;
    String response = null;
    String messageThinking = null;
    String messageContent = null;
    boolean done = false;
    Integer in = null;
    Integer outTokens = null;
    String reason = null;
    List<Call> calls = null;
    try {
      s.beginObject();
      while (s.nextKey()) {
        if (s.keyIs("message")) {
          messageThinking = null;
          messageContent = null;
          calls = null;
          if (s.peek() != JsonScanner.Kind.OBJECT) {
            s.skipValue();
            continue;
          }
          s.beginObject();
          while (s.nextKey()) {
            if (s.keyIs("content")) {
              messageContent = s.string();
            } else if (s.keyIs("thinking")) {
              messageThinking = s.string();
            } else if (s.keyIs("tool_calls")) {
              calls = toolCalls(s);
            } else {
              s.skipValue();
            }
          }
        } else if (s.keyIs("done")) {
          done = s.isTrue();
        } else if (s.keyIs("response")) {
          response = s.string();
        } else if (s.keyIs("thinking")) {
          thinking = s.string();
        } else if (s.keyIs("prompt_eval_count")) {
          in = s.integer();
        } else if (s.keyIs("eval_count")) {
          outTokens = s.integer();
        } else if (s.keyIs("done_reason")) {
          reason = s.string();
        } else if (s.keyIs("error")) {
          error = s.peek() != JsonScanner.Kind.NULL;
          s.skipValue();
        } else {
          s.skipValue();
        }
      }
      s.endOfInput();
    } catch (JsonScanner.Malformed e) {
      return false;
    }
    if (error) {
      sawError = true;
      out.accept(
          OllamaError.chunk(OllamaError.read(JsonSupport.tryReadObject(bytes, offset, length))));
      return true;
    }
    emit(
        messageThinking != null ? messageThinking : thinking,
        messageContent != null ? messageContent : response,
        done,
        in,
        outTokens,
        reason,
        calls,
        out);
    return true;
  }

  /** The calls of a {@code tool_calls} array; null for any other value. */
  private static List<Call> toolCalls(JsonScanner s) {
    if (s.peek() != JsonScanner.Kind.ARRAY) {
      s.skipValue();
      return null;
    }
    List<Call> calls = new ArrayList<>(2);
    s.beginArray();
    while (s.nextElement()) {
      if (s.peek() != JsonScanner.Kind.OBJECT) {
        s.skipValue();
        continue;
      }
      String id = null;
      String name = null;
      String arguments = "{}";
      s.beginObject();
      while (s.nextKey()) {
        if (s.keyIs("id")) {
          id = s.string();
        } else if (s.keyIs("function")) {
          name = null;
          arguments = "{}";
          if (s.peek() != JsonScanner.Kind.OBJECT) {
            s.skipValue();
            continue;
          }
          s.beginObject();
          while (s.nextKey()) {
            if (s.keyIs("name")) {
              name = s.string();
            } else if (s.keyIs("arguments")) {
              arguments = arguments(s);
            } else {
              s.skipValue();
            }
          }
        } else {
          s.skipValue();
        }
      }
      calls.add(new Call(id, name, arguments));
    }
    return calls;
  }

  /** Tool arguments: a string as it is, null as {@code {}}, any other value as its JSON text. */
  private static String arguments(JsonScanner s) {
    return switch (s.peek()) {
      case STRING -> s.string();
      case NULL -> {
        s.skipValue();
        yield "{}";
      }
      default -> s.json();
    };
  }

  /** What an object read by {@link #map} holds, in order: reasoning, text, tool calls, the end. */
  private void emit(
      String reasoning,
      String text,
      boolean done,
      Integer in,
      Integer outTokens,
      String reason,
      List<Call> calls,
      Consumer<StreamChunk> out) {
    if (reasoning != null && !reasoning.isEmpty()) {
      out.accept(new StreamChunk.ReasoningDelta(reasoning));
    }
    if (text != null && !text.isEmpty()) {
      out.accept(new StreamChunk.TextDelta(text));
    }
    if (calls != null) {
      for (Call c : calls) {
        sawToolCall = true;
        out.accept(new StreamChunk.ToolCallDelta(nextToolIndex++, c.id(), c.name(), c.arguments()));
      }
    }
    if (done) {
      sawDone = true;
      if (in != null || outTokens != null) {
        out.accept(new StreamChunk.Usage(in, outTokens));
      }
      out.accept(new StreamChunk.Finish(finishReason(reason), reason));
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
