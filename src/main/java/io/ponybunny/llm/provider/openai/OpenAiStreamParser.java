package io.ponybunny.llm.provider.openai;

import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonScanner;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.sse.SseStreamParser;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses an OpenAI Chat Completions stream (and those of compatible servers: Azure, vLLM, DeepSeek,
 * OpenRouter, Groq, Ollama, llama.cpp): content, reasoning ({@code reasoning_content}, {@code
 * reasoning}), tool-call fragments by index, legacy {@code function_call}, finish reasons, usage
 * chunks, in-band error payloads, {@code event: error} and the {@code [DONE]} terminator. Refusal
 * text is not visible text and is dropped.
 *
 * <p>Each chunk is read with a {@link JsonScanner}, picking only the fields needed; an in-band
 * {@code error} object (rare) is read from the chunk's object tree by {@link OpenAiError}.
 */
public final class OpenAiStreamParser extends SseStreamParser {

  private final JsonScanner scanner = new JsonScanner();

  /** The chunks of the event being read, in the order they are emitted (reused). */
  private final List<StreamChunk> scanned = new ArrayList<>(4);

  /** Finish reasons, returned without allocating (see {@link JsonScanner#string}). */
  private static final String[] FINISH_REASONS =
      new String[] {"stop", "length", "tool_calls", "content_filter", "function_call"};

  private boolean sawFinish;
  private boolean sawDone;
  private boolean sawError;

  /** Where in {@link #scanned} the event's {@code error} object goes; -1 when it has none. */
  private int errorAt;

  @Override
  protected void onEvent(String type, byte[] data, int offset, int length) {
    if ("error".equals(type) || !startsWithBrace(data, offset, length)) {
      onTextEvent(type, text(data, offset, length));
      return;
    }
    try {
      read(scanner.reset(data, offset, length));
    } catch (JsonScanner.Malformed e) {
      scanned.clear();
      malformed(text(data, offset, length));
      return;
    }
    if (errorAt >= 0) {
      // Rare: the error object is read from the chunk's tree, in its place among the chunks.
      sawError = true;
      JsonObject error = JsonSupport.obj(JsonSupport.tryReadObject(data, offset, length), "error");
      if (error == null) {
        error = JsonObject.EMPTY_JSON_OBJECT;
      }
      scanned.add(
          errorAt,
          OpenAiError.streamError(
              JsonSupport.objectBuilder().add("error", error).build(), "error"));
    }
    // Indexed: an iterator here is not always scalar-replaced, and would cost 32 B a chunk.
    for (int i = 0; i < scanned.size(); i++) {
      StreamChunk c = scanned.get(i);
      if (c instanceof StreamChunk.Finish) {
        sawFinish = true;
      }
      emit(c);
    }
    scanned.clear();
  }

  /** An event that is not a chunk object: {@code [DONE]}, an error event, blank, or malformed. */
  private void onTextEvent(String type, String data) {
    if (data.equals("[DONE]") || data.strip().equals("[DONE]")) {
      sawDone = true;
    } else if ("error".equals(type)) {
      sawError = true;
      emit(ProviderErrors.streamError(data, "error", OpenAiError::read));
    } else if (!data.isBlank()) {
      malformed(data);
    }
  }

  private void malformed(String data) {
    sawError = true;
    emit(ProviderErrors.streamError(data, "malformed_chunk", OpenAiError::read));
  }

  /** Reads one chunk object into {@link #scanned}; {@link JsonScanner.Malformed} if it is none. */
  private void read(JsonScanner s) {
    scanned.clear();
    errorAt = -1;
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("choices") && s.peek() == JsonScanner.Kind.ARRAY) {
        s.beginArray();
        while (s.nextElement()) {
          if (s.peek() == JsonScanner.Kind.OBJECT) {
            choice(s);
          } else {
            s.skipValue();
          }
        }
      } else if (s.keyIs("usage") && s.peek() == JsonScanner.Kind.OBJECT) {
        usage(s);
      } else if (s.keyIs("error")) {
        errorAt = s.peek() == JsonScanner.Kind.OBJECT ? scanned.size() : -1;
        s.skipValue();
      } else {
        s.skipValue();
      }
    }
    s.endOfInput();
  }

  /** One choice: its chunks go after those already read, and are dropped unless its index is 0. */
  private void choice(JsonScanner s) {
    int mark = scanned.size();
    Integer index = null;
    String finish = null;
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("delta") && s.peek() == JsonScanner.Kind.OBJECT) {
        delta(s, mark);
      } else if (s.keyIs("index")) {
        index = s.integer();
      } else if (s.keyIs("finish_reason")) {
        finish = s.string(FINISH_REASONS);
      } else {
        s.skipValue();
      }
    }
    if (index != null && index != 0) {
      scanned.subList(mark, scanned.size()).clear();
    } else if (finish != null) {
      scanned.add(new StreamChunk.Finish(OpenAiChatMapping.finishReason(finish), finish));
    }
  }

  /**
   * A delta: reasoning, then text, inserted at {@code mark} (the start of the choice's chunks),
   * then its tool-call fragments in order.
   */
  private void delta(JsonScanner s, int mark) {
    String content = null;
    String reasoning = null;
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("content")) {
        content = s.string();
      } else if (s.keyIs("reasoning_content")) {
        String r = s.string();
        reasoning = r != null ? r : reasoning;
      } else if (s.keyIs("reasoning")) {
        String r = s.string();
        reasoning = reasoning != null ? reasoning : r;
      } else if (s.keyIs("tool_calls") && s.peek() == JsonScanner.Kind.ARRAY) {
        toolCalls(s);
      } else if (s.keyIs("function_call") && s.peek() == JsonScanner.Kind.OBJECT) {
        String[] fn = function(s);
        scanned.add(new StreamChunk.ToolCallDelta(0, null, fn[0], fn[1] == null ? "" : fn[1]));
      } else {
        s.skipValue();
      }
    }
    int at = mark;
    if (reasoning != null && !reasoning.isEmpty()) {
      scanned.add(at++, new StreamChunk.ReasoningDelta(reasoning));
    }
    if (content != null && !content.isEmpty()) {
      scanned.add(at, new StreamChunk.TextDelta(content));
    }
  }

  /** Tool-call fragments; one without {@code index} takes its position in the array. */
  private void toolCalls(JsonScanner s) {
    int position = 0;
    s.beginArray();
    while (s.nextElement()) {
      if (s.peek() != JsonScanner.Kind.OBJECT) {
        s.skipValue();
        position++;
        continue;
      }
      Integer index = null;
      String id = null;
      String[] fn = null;
      s.beginObject();
      while (s.nextKey()) {
        if (s.keyIs("index")) {
          index = s.integer();
        } else if (s.keyIs("id")) {
          id = s.string();
        } else if (s.keyIs("function") && s.peek() == JsonScanner.Kind.OBJECT) {
          fn = function(s);
        } else {
          s.skipValue();
        }
      }
      String name = fn == null ? null : fn[0];
      String args = fn == null ? null : fn[1];
      if (id != null || name != null || args != null) {
        scanned.add(
            new StreamChunk.ToolCallDelta(
                index == null ? position : index, id, name, args == null ? "" : args));
      }
      position++;
    }
  }

  /** {@code [name, arguments]} of a {@code function} object. */
  private static String[] function(JsonScanner s) {
    String[] fn = new String[2];
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("name")) {
        fn[0] = s.string();
      } else if (s.keyIs("arguments")) {
        fn[1] = s.string();
      } else {
        s.skipValue();
      }
    }
    return fn;
  }

  /**
   * A usage object: {@code prompt_tokens} (cached ones included), {@code completion_tokens} and
   * {@code prompt_tokens_details.cached_tokens}.
   */
  private void usage(JsonScanner s) {
    Integer in = null;
    Integer out = null;
    Integer cached = null;
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("prompt_tokens")) {
        in = s.integer();
      } else if (s.keyIs("completion_tokens")) {
        out = s.integer();
      } else if (s.keyIs("prompt_tokens_details") && s.peek() == JsonScanner.Kind.OBJECT) {
        s.beginObject();
        while (s.nextKey()) {
          if (s.keyIs("cached_tokens")) {
            cached = s.integer();
          } else {
            s.skipValue();
          }
        }
      } else {
        s.skipValue();
      }
    }
    if (in != null || out != null || cached != null) {
      scanned.add(new StreamChunk.Usage(in, out, cached));
    }
  }

  @Override
  protected void onEnd() {
    if (!sawFinish && !sawDone && !sawError) {
      emit(
          new StreamChunk.ProviderError(
              0, "incomplete_stream", "stream ended without finish_reason or [DONE]"));
    }
  }
}
