package io.ponybunny.llm.provider.anthropic;

import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonScanner;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.sse.SseStreamParser;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;

/**
 * Parses an Anthropic Messages stream: {@code message_start}, {@code content_block_start} (text,
 * tool_use, thinking, redacted_thinking), {@code content_block_delta} (text, partial tool JSON,
 * thinking; signatures ignored), {@code message_delta} (stop reason and usage), {@code
 * message_stop}, {@code ping} and {@code error}. Unknown event types are ignored.
 */
public final class AnthropicStreamParser extends SseStreamParser {

  private boolean sawStop;
  private boolean sawStopReason;
  private boolean sawError;

  /** The few fields of one event that matter, read with the streaming parser. */
  private static final class Fields {
    String type;
    Integer index;
    String blockType;
    String blockId;
    String blockName;
    String blockText;
    String deltaType;
    String deltaText;
    String stopReason;
    Integer inputTokens;
    Integer outputTokens;
    JsonObject error;

    void clear() {
      type = null;
      index = null;
      blockType = null;
      blockId = null;
      blockName = null;
      blockText = null;
      deltaType = null;
      deltaText = null;
      stopReason = null;
      inputTokens = null;
      outputTokens = null;
      error = null;
    }
  }

  private final Fields fields = new Fields();
  private final JsonSupport.Utf8Reader reader = new JsonSupport.Utf8Reader();
  private final JsonScanner scanner = new JsonScanner();

  /** Recurring string values, returned without allocating (see {@link JsonScanner#string}). */
  private static final String[] KNOWN =
      new String[] {
        "content_block_delta",
        "text_delta",
        "input_json_delta",
        "thinking_delta",
        "signature_delta",
        "content_block_start",
        "content_block_stop",
        "message_start",
        "message_delta",
        "message_stop",
        "ping",
        "text",
        "tool_use",
        "thinking",
        "end_turn",
        "max_tokens"
      };

  @Override
  protected void onEvent(String eventType, byte[] data, int offset, int length) {
    Fields f = fields;
    if (!scan(scanner.reset(data, offset, length), f)) {
      f.clear();
      try (JsonParser p = JsonSupport.parser(reader.reset(data, offset, length))) {
        if (p.next() != Event.START_OBJECT) {
          throw new JsonException("not an object");
        }
        read(p, f);
      } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
        String text = text(data, offset, length);
        if ("error".equals(eventType) || !text.isBlank()) {
          sawError = true;
          emit(ProviderErrors.streamError(text, "malformed_event"));
        }
        return;
      }
    }
    String type = f.type != null ? f.type : eventType;
    switch (type) {
      case "message_start", "message_delta" -> {
        if (f.stopReason != null) {
          sawStopReason = true;
          emit(new StreamChunk.Finish(AnthropicMapping.finishReason(f.stopReason), f.stopReason));
        }
        if (f.inputTokens != null || f.outputTokens != null) {
          emit(new StreamChunk.Usage(f.inputTokens, f.outputTokens));
        }
      }
      case "content_block_start" -> blockStart(f);
      case "content_block_delta" -> blockDelta(f);
      case "message_stop" -> sawStop = true;
      case "error" -> {
        sawError = true;
        JsonObject payload =
            f.error == null
                ? JsonObject.EMPTY_JSON_OBJECT
                : JsonSupport.objectBuilder().add("error", f.error).build();
        StreamChunk.ProviderError e = ProviderErrors.streamError(payload, "error");
        emit(
            e.status() == 0
                ? new StreamChunk.ProviderError(
                    AnthropicMapping.statusOf(e.type()), e.type(), e.message())
                : e);
      }
      default -> {
        // ping, content_block_stop and future event types carry nothing we need.
      }
    }
  }

  /**
   * Fills {@code f} like {@link #read} from the bytes with a {@link JsonScanner}; false, with
   * {@code f} in any state, for what the scanner leaves to JSON-P (an error object among them).
   */
  private static boolean scan(JsonScanner s, Fields f) {
    f.clear();
    try {
      if (s.peek() != JsonScanner.Kind.OBJECT) {
        return false;
      }
      s.beginObject();
      while (s.nextKey()) {
        if (s.keyIs("type")) {
          f.type = s.string(KNOWN);
        } else if (s.keyIs("index")) {
          f.index = s.integer();
        } else if (s.keyIs("delta")) {
          if (s.peek() == JsonScanner.Kind.OBJECT) {
            scanDelta(s, f);
          } else {
            s.skipValue();
          }
        } else if (s.keyIs("content_block")) {
          if (s.peek() == JsonScanner.Kind.OBJECT) {
            scanBlock(s, f);
          } else {
            s.skipValue();
          }
        } else if (s.keyIs("message")) {
          if (s.peek() == JsonScanner.Kind.OBJECT) {
            s.beginObject();
            while (s.nextKey()) {
              if (s.keyIs("usage") && s.peek() == JsonScanner.Kind.OBJECT) {
                scanUsage(s, f);
              } else {
                s.skipValue();
              }
            }
          } else {
            s.skipValue();
          }
        } else if (s.keyIs("usage")) {
          if (s.peek() == JsonScanner.Kind.OBJECT) {
            scanUsage(s, f);
          } else {
            s.skipValue();
          }
        } else if (s.keyIs("error") && s.peek() == JsonScanner.Kind.OBJECT) {
          return false;
        } else {
          s.skipValue();
        }
      }
      s.endOfInput();
      return true;
    } catch (JsonScanner.Unsupported e) {
      return false;
    }
  }

  private static void scanBlock(JsonScanner s, Fields f) {
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("type")) {
        f.blockType = s.string(KNOWN);
      } else if (s.keyIs("id")) {
        f.blockId = s.string();
      } else if (s.keyIs("name")) {
        f.blockName = s.string();
      } else if (s.keyIs("text") || s.keyIs("thinking")) {
        f.blockText = s.string();
      } else {
        s.skipValue();
      }
    }
  }

  private static void scanDelta(JsonScanner s, Fields f) {
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("type")) {
        f.deltaType = s.string(KNOWN);
      } else if (s.keyIs("text") || s.keyIs("partial_json") || s.keyIs("thinking")) {
        f.deltaText = s.string();
      } else if (s.keyIs("stop_reason")) {
        f.stopReason = s.string(KNOWN);
      } else {
        s.skipValue();
      }
    }
  }

  private static void scanUsage(JsonScanner s, Fields f) {
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("input_tokens")) {
        f.inputTokens = s.integer();
      } else if (s.keyIs("output_tokens")) {
        f.outputTokens = s.integer();
      } else {
        s.skipValue();
      }
    }
  }

  private static void read(JsonParser p, Fields f) {
    while (p.next() == Event.KEY_NAME) {
      String key = p.getString();
      Event v = p.next();
      switch (key) {
        case "type" -> f.type = JsonSupport.stringValue(p, v);
        case "index" -> f.index = JsonSupport.intValue(p, v);
        case "content_block" -> {
          if (v == Event.START_OBJECT) {
            block(p, f);
          } else {
            JsonSupport.skip(p, v);
          }
        }
        case "delta" -> {
          if (v == Event.START_OBJECT) {
            delta(p, f);
          } else {
            JsonSupport.skip(p, v);
          }
        }
        case "message" -> {
          if (v == Event.START_OBJECT) {
            message(p, f);
          } else {
            JsonSupport.skip(p, v);
          }
        }
        case "usage" -> {
          if (v == Event.START_OBJECT) {
            usage(p, f);
          } else {
            JsonSupport.skip(p, v);
          }
        }
        case "error" -> {
          if (v == Event.START_OBJECT) {
            f.error = p.getObject();
          } else {
            JsonSupport.skip(p, v);
          }
        }
        default -> JsonSupport.skip(p, v);
      }
    }
  }

  private static void block(JsonParser p, Fields f) {
    while (p.next() == Event.KEY_NAME) {
      String key = p.getString();
      Event v = p.next();
      switch (key) {
        case "type" -> f.blockType = JsonSupport.stringValue(p, v);
        case "id" -> f.blockId = JsonSupport.stringValue(p, v);
        case "name" -> f.blockName = JsonSupport.stringValue(p, v);
        case "text", "thinking" -> f.blockText = JsonSupport.stringValue(p, v);
        default -> JsonSupport.skip(p, v);
      }
    }
  }

  private static void delta(JsonParser p, Fields f) {
    while (p.next() == Event.KEY_NAME) {
      String key = p.getString();
      Event v = p.next();
      switch (key) {
        case "type" -> f.deltaType = JsonSupport.stringValue(p, v);
        case "text", "partial_json", "thinking" -> f.deltaText = JsonSupport.stringValue(p, v);
        case "stop_reason" -> f.stopReason = JsonSupport.stringValue(p, v);
        default -> JsonSupport.skip(p, v);
      }
    }
  }

  private static void message(JsonParser p, Fields f) {
    while (p.next() == Event.KEY_NAME) {
      String key = p.getString();
      Event v = p.next();
      if (key.equals("usage") && v == Event.START_OBJECT) {
        usage(p, f);
      } else {
        JsonSupport.skip(p, v);
      }
    }
  }

  private static void usage(JsonParser p, Fields f) {
    while (p.next() == Event.KEY_NAME) {
      String key = p.getString();
      Event v = p.next();
      switch (key) {
        case "input_tokens" -> f.inputTokens = JsonSupport.intValue(p, v);
        case "output_tokens" -> f.outputTokens = JsonSupport.intValue(p, v);
        default -> JsonSupport.skip(p, v);
      }
    }
  }

  private void blockStart(Fields f) {
    if (f.blockType == null) {
      return;
    }
    switch (f.blockType) {
      case "text" -> {
        if (f.blockText != null && !f.blockText.isEmpty()) {
          emit(new StreamChunk.TextDelta(f.blockText));
        }
      }
      case "thinking" -> {
        if (f.blockText != null && !f.blockText.isEmpty()) {
          emit(new StreamChunk.ReasoningDelta(f.blockText));
        }
      }
      case "tool_use" ->
          emit(
              new StreamChunk.ToolCallDelta(
                  f.index == null ? 0 : f.index, f.blockId, f.blockName, ""));
      default -> {
        // redacted_thinking, server tools: nothing visible.
      }
    }
  }

  private void blockDelta(Fields f) {
    if (f.deltaType == null) {
      return;
    }
    switch (f.deltaType) {
      case "text_delta" -> {
        if (f.deltaText != null && !f.deltaText.isEmpty()) {
          emit(new StreamChunk.TextDelta(f.deltaText));
        }
      }
      case "input_json_delta" ->
          emit(
              new StreamChunk.ToolCallDelta(
                  f.index == null ? 0 : f.index,
                  null,
                  null,
                  f.deltaText == null ? "" : f.deltaText));
      case "thinking_delta" -> {
        if (f.deltaText != null && !f.deltaText.isEmpty()) {
          emit(new StreamChunk.ReasoningDelta(f.deltaText));
        }
      }
      default -> {
        // signature_delta, citations_delta.
      }
    }
  }

  @Override
  protected void onEnd() {
    if (!sawStop && !sawStopReason && !sawError) {
      emit(
          new StreamChunk.ProviderError(
              0, "incomplete_stream", "stream ended without message_stop or stop_reason"));
    }
  }
}
