package io.ponybunny.llm.provider.openai;

import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonScanner;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.sse.SseStreamParser;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses an OpenAI Chat Completions stream (and those of compatible servers: Azure, vLLM, DeepSeek,
 * OpenRouter, Groq, Ollama, llama.cpp): content, reasoning ({@code reasoning_content}, {@code
 * reasoning}), tool-call fragments by index, finish reasons, usage chunks, in-band error payloads,
 * {@code event: error} and the {@code [DONE]} terminator. Refusal text is not visible text and is
 * dropped.
 *
 * <p>Chunks are read with the streaming JSON parser, picking only the fields needed, so that no
 * object tree is built per chunk.
 */
public final class OpenAiStreamParser extends SseStreamParser {

  private final List<StreamChunk> choiceChunks = new ArrayList<>(4);
  private final JsonSupport.Utf8Reader reader = new JsonSupport.Utf8Reader();
  private final JsonScanner scanner = new JsonScanner();

  /** The chunks {@link #scanChunk} read, in the order {@link #chunk} would emit them (reused). */
  private final List<StreamChunk> scanned = new ArrayList<>(4);

  /** Finish reasons, returned without allocating (see {@link JsonScanner#string}). */
  private static final String[] FINISH_REASONS =
      new String[] {"stop", "length", "tool_calls", "content_filter", "function_call"};

  private boolean sawFinish;
  private boolean sawDone;
  private boolean sawError;

  @Override
  protected void onEvent(String type, byte[] data, int offset, int length) {
    if (!"error".equals(type) && startsWithBrace(data, offset, length)) {
      // Not [DONE], not blank: parse the bytes directly, with the scanner when it can.
      if (scanChunk(scanner.reset(data, offset, length))) {
        // Indexed: an iterator here is not always scalar-replaced, and would cost 32 B a chunk.
        for (int i = 0; i < scanned.size(); i++) {
          StreamChunk c = scanned.get(i);
          if (c instanceof StreamChunk.Finish) {
            sawFinish = true;
          }
          emit(c);
        }
        scanned.clear();
        return;
      }
      try (JsonParser p = JsonSupport.parser(reader.reset(data, offset, length))) {
        if (p.next() != Event.START_OBJECT) {
          throw new JsonException("not an object");
        }
        chunk(p);
      } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
        malformed(text(data, offset, length));
      }
      return;
    }
    onEvent(type, text(data, offset, length));
  }

  private void onEvent(String type, String data) {
    if (data.equals("[DONE]") || data.strip().equals("[DONE]")) {
      sawDone = true;
      return;
    }
    if ("error".equals(type)) {
      sawError = true;
      emit(ProviderErrors.streamError(data, "error"));
      return;
    }
    if (data.isBlank()) {
      return;
    }
    try (JsonParser p = JsonSupport.parser(data)) {
      if (p.next() != Event.START_OBJECT) {
        throw new JsonException("not an object");
      }
      chunk(p);
    } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
      malformed(data);
    }
  }

  /**
   * Reads a chunk like {@link #chunk} with the {@link JsonScanner}, into {@link #scanned} instead
   * of emitting. False, with nothing emitted, for what it leaves to JSON-P: tool calls, an error
   * object, and what the scanner does not handle.
   */
  private boolean scanChunk(JsonScanner s) {
    scanned.clear();
    try {
      if (s.peek() != JsonScanner.Kind.OBJECT) {
        return false;
      }
      s.beginObject();
      while (s.nextKey()) {
        if (s.keyIs("choices") && s.peek() == JsonScanner.Kind.ARRAY) {
          s.beginArray();
          while (s.nextElement()) {
            if (s.peek() == JsonScanner.Kind.OBJECT) {
              scanChoice(s);
            } else {
              s.skipValue();
            }
          }
        } else if (s.keyIs("usage") && s.peek() == JsonScanner.Kind.OBJECT) {
          scanUsage(s);
        } else if (s.keyIs("error") && s.peek() == JsonScanner.Kind.OBJECT) {
          return false;
        } else {
          s.skipValue();
        }
      }
      s.endOfInput();
      return true;
    } catch (JsonScanner.Unsupported e) {
      scanned.clear();
      return false;
    }
  }

  /** {@link #choice}: its chunks go after those already scanned, and are dropped unless index 0. */
  private void scanChoice(JsonScanner s) {
    int mark = scanned.size();
    Integer index = null;
    String finish = null;
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("delta") && s.peek() == JsonScanner.Kind.OBJECT) {
        scanDelta(s, mark);
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

  /** {@link #delta}, inserting at {@code mark}, the start of the choice's chunks. */
  private void scanDelta(JsonScanner s, int mark) {
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
      } else if ((s.keyIs("tool_calls") && s.peek() == JsonScanner.Kind.ARRAY)
          || (s.keyIs("function_call") && s.peek() == JsonScanner.Kind.OBJECT)) {
        throw JsonScanner.unsupported();
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

  private void scanUsage(JsonScanner s) {
    Integer in = null;
    Integer out = null;
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("prompt_tokens")) {
        in = s.integer();
      } else if (s.keyIs("completion_tokens")) {
        out = s.integer();
      } else {
        s.skipValue();
      }
    }
    if (in != null || out != null) {
      scanned.add(new StreamChunk.Usage(in, out));
    }
  }

  private void malformed(String data) {
    sawError = true;
    emit(ProviderErrors.streamError(data, "malformed_chunk"));
  }

  private void chunk(JsonParser p) {
    Event e;
    while ((e = p.next()) == Event.KEY_NAME) {
      String key = p.getString();
      Event v = p.next();
      switch (key) {
        case "choices" -> {
          if (v == Event.START_ARRAY) {
            choices(p);
          } else {
            JsonSupport.skip(p, v);
          }
        }
        case "usage" -> {
          if (v == Event.START_OBJECT) {
            usage(p);
          } else {
            JsonSupport.skip(p, v);
          }
        }
        case "error" -> {
          if (v == Event.START_OBJECT) {
            JsonObject error = p.getObject();
            sawError = true;
            emit(
                ProviderErrors.streamError(
                    JsonSupport.objectBuilder().add("error", error).build(), "error"));
          } else {
            JsonSupport.skip(p, v);
          }
        }
        default -> JsonSupport.skip(p, v);
      }
    }
  }

  private void choices(JsonParser p) {
    Event e;
    while ((e = p.next()) != Event.END_ARRAY) {
      if (e == Event.START_OBJECT) {
        choice(p);
      } else {
        JsonSupport.skip(p, e);
      }
    }
  }

  private void choice(JsonParser p) {
    choiceChunks.clear();
    Integer index = null;
    String finish = null;
    Event e;
    while ((e = p.next()) == Event.KEY_NAME) {
      String key = p.getString();
      Event v = p.next();
      switch (key) {
        case "index" -> index = JsonSupport.intValue(p, v);
        case "finish_reason" -> finish = JsonSupport.stringValue(p, v);
        case "delta" -> {
          if (v == Event.START_OBJECT) {
            delta(p);
          } else {
            JsonSupport.skip(p, v);
          }
        }
        default -> JsonSupport.skip(p, v);
      }
    }
    if (index == null || index == 0) {
      for (StreamChunk c : choiceChunks) {
        emit(c);
      }
      if (finish != null) {
        sawFinish = true;
        emit(new StreamChunk.Finish(OpenAiChatMapping.finishReason(finish), finish));
      }
    }
    choiceChunks.clear();
  }

  private void delta(JsonParser p) {
    String content = null;
    String reasoning = null;
    Event e;
    while ((e = p.next()) == Event.KEY_NAME) {
      String key = p.getString();
      Event v = p.next();
      switch (key) {
        case "content" -> content = JsonSupport.stringValue(p, v);
        case "reasoning_content" -> {
          String r = JsonSupport.stringValue(p, v);
          reasoning = r != null ? r : reasoning;
        }
        case "reasoning" -> {
          String r = JsonSupport.stringValue(p, v);
          reasoning = reasoning != null ? reasoning : r;
        }
        case "tool_calls" -> {
          if (v == Event.START_ARRAY) {
            toolCalls(p);
          } else {
            JsonSupport.skip(p, v);
          }
        }
        case "function_call" -> {
          if (v == Event.START_OBJECT) {
            String[] fn = function(p);
            choiceChunks.add(
                new StreamChunk.ToolCallDelta(0, null, fn[0], fn[1] == null ? "" : fn[1]));
          } else {
            JsonSupport.skip(p, v);
          }
        }
        default -> JsonSupport.skip(p, v);
      }
    }
    // Same order as a whole message: reasoning, text, then tool calls already queued.
    int at = 0;
    if (reasoning != null && !reasoning.isEmpty()) {
      choiceChunks.add(at++, new StreamChunk.ReasoningDelta(reasoning));
    }
    if (content != null && !content.isEmpty()) {
      choiceChunks.add(at, new StreamChunk.TextDelta(content));
    }
  }

  private void toolCalls(JsonParser p) {
    int position = 0;
    Event e;
    while ((e = p.next()) != Event.END_ARRAY) {
      if (e != Event.START_OBJECT) {
        JsonSupport.skip(p, e);
        position++;
        continue;
      }
      Integer index = null;
      String id = null;
      String[] fn = null;
      while (p.next() == Event.KEY_NAME) {
        String key = p.getString();
        Event v = p.next();
        switch (key) {
          case "index" -> index = JsonSupport.intValue(p, v);
          case "id" -> id = JsonSupport.stringValue(p, v);
          case "function" -> {
            if (v == Event.START_OBJECT) {
              fn = function(p);
            } else {
              JsonSupport.skip(p, v);
            }
          }
          default -> JsonSupport.skip(p, v);
        }
      }
      String name = fn == null ? null : fn[0];
      String args = fn == null ? null : fn[1];
      if (id != null || name != null || args != null) {
        choiceChunks.add(
            new StreamChunk.ToolCallDelta(
                index == null ? position : index, id, name, args == null ? "" : args));
      }
      position++;
    }
  }

  /** {@code [name, arguments]} of a {@code function} object. */
  private static String[] function(JsonParser p) {
    String[] fn = new String[2];
    while (p.next() == Event.KEY_NAME) {
      String key = p.getString();
      Event v = p.next();
      switch (key) {
        case "name" -> fn[0] = JsonSupport.stringValue(p, v);
        case "arguments" -> fn[1] = JsonSupport.stringValue(p, v);
        default -> JsonSupport.skip(p, v);
      }
    }
    return fn;
  }

  private void usage(JsonParser p) {
    Integer in = null;
    Integer out = null;
    while (p.next() == Event.KEY_NAME) {
      String key = p.getString();
      Event v = p.next();
      switch (key) {
        case "prompt_tokens" -> in = JsonSupport.intValue(p, v);
        case "completion_tokens" -> out = JsonSupport.intValue(p, v);
        default -> JsonSupport.skip(p, v);
      }
    }
    if (in != null || out != null) {
      emit(new StreamChunk.Usage(in, out));
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
