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
import java.util.HashMap;
import java.util.Map;

/**
 * Parses an OpenAI Responses API stream: output text deltas, function calls ({@code
 * output_item.added} gives {@code call_id} and name, {@code function_call_arguments.delta} the
 * fragments), reasoning text and summary deltas, and the terminal {@code response.completed},
 * {@code response.incomplete}, {@code response.failed} and {@code error} events.
 */
public final class OpenAiResponsesStreamParser extends SseStreamParser {

  private final Map<String, Integer> indexByItemId = new HashMap<>();
  private final JsonSupport.Utf8Reader reader = new JsonSupport.Utf8Reader();
  private final JsonScanner scanner = new JsonScanner();

  /** Recurring event types, returned without allocating (see {@link JsonScanner#string}). */
  private static final String[] EVENT_TYPES =
      new String[] {
        "response.output_text.delta",
        "response.reasoning_summary_text.delta",
        "response.reasoning_text.delta",
        "response.function_call_arguments.delta"
      };

  private boolean sawFunctionCall;
  private boolean sawEnd;

  @Override
  protected void onEvent(String eventType, byte[] data, int offset, int length) {
    if (!startsWithBrace(data, offset, length)
        || !(scan(eventType, data, offset, length) || fast(eventType, data, offset, length))) {
      onEvent(eventType, text(data, offset, length));
    }
  }

  /**
   * {@link #fast} with the {@link JsonScanner}, which allocates only the values it keeps. False,
   * having emitted nothing, for what {@code fast} declines and for what the scanner does not
   * handle: the caller then takes the JSON-P paths.
   */
  private boolean scan(String eventType, byte[] data, int offset, int length) {
    JsonScanner s = scanner.reset(data, offset, length);
    String type = null;
    String delta = null;
    int itemIdAt = -1;
    Integer outputIndex = null;
    int seen = 0;
    try {
      if (s.peek() != JsonScanner.Kind.OBJECT) {
        return false;
      }
      s.beginObject();
      while (s.nextKey()) {
        int bit;
        if (s.keyIs("type")) {
          bit = 1;
          type = s.string(EVENT_TYPES);
        } else if (s.keyIs("delta")) {
          bit = 2;
          delta = s.string();
        } else if (s.keyIs("item_id")) {
          // Only tool-call deltas need it: decoded below when the type asks for it.
          bit = 4;
          itemIdAt = s.position();
          s.skipValue();
        } else if (s.keyIs("output_index")) {
          bit = 8;
          outputIndex = s.integer();
        } else {
          bit = 0;
          s.skipValue();
        }
        if ((seen & bit) != 0) {
          return false;
        }
        seen |= bit;
      }
      s.endOfInput();
    } catch (JsonScanner.Unsupported e) {
      return false;
    }
    if (type == null) {
      type = eventType;
    }
    String itemId = null;
    if (itemIdAt >= 0 && type.equals("response.function_call_arguments.delta")) {
      itemId = s.reset(data, itemIdAt, offset + length - itemIdAt).string();
    }
    return emitDelta(type, delta, itemId, outputIndex);
  }

  /**
   * The delta events, read with the streaming parser. False, having emitted nothing, for the events
   * that carry whole objects (items, responses, errors), for repeated keys and for input that does
   * not parse: those take the object-tree path.
   */
  private boolean fast(String eventType, byte[] data, int offset, int length) {
    String type = null;
    String delta = null;
    String itemId = null;
    Integer outputIndex = null;
    int seen = 0;
    try (JsonParser p = JsonSupport.parser(reader.reset(data, offset, length))) {
      if (p.next() != Event.START_OBJECT) {
        return false;
      }
      while (p.next() == Event.KEY_NAME) {
        String key = p.getString();
        Event v = p.next();
        int bit;
        switch (key) {
          case "type" -> {
            bit = 1;
            type = JsonSupport.stringValue(p, v);
          }
          case "delta" -> {
            bit = 2;
            delta = JsonSupport.stringValue(p, v);
          }
          case "item_id" -> {
            bit = 4;
            itemId = JsonSupport.stringValue(p, v);
          }
          case "output_index" -> {
            bit = 8;
            outputIndex = JsonSupport.intValue(p, v);
          }
          default -> {
            bit = 0;
            JsonSupport.skip(p, v);
          }
        }
        if ((seen & bit) != 0) {
          return false;
        }
        seen |= bit;
      }
    } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
      return false;
    }
    return emitDelta(type != null ? type : eventType, delta, itemId, outputIndex);
  }

  /**
   * Emits a delta event read by {@link #fast} or {@link #scan}; false, having emitted nothing, for
   * the event types that carry whole objects (left to the object-tree path).
   */
  private boolean emitDelta(String type, String delta, String itemId, Integer outputIndex) {
    switch (type) {
      case "response.output_text.delta" -> {
        if (delta != null && !delta.isEmpty()) {
          emit(new StreamChunk.TextDelta(delta));
        }
      }
      case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" -> {
        if (delta != null && !delta.isEmpty()) {
          emit(new StreamChunk.ReasoningDelta(delta));
        }
      }
      case "response.function_call_arguments.delta" -> {
        if (delta != null) {
          emit(new StreamChunk.ToolCallDelta(index(outputIndex, itemId), null, null, delta));
        }
      }
      case "response.output_item.added",
          "response.completed",
          "response.incomplete",
          "response.failed",
          "error" -> {
        return false;
      }
      default -> {
        // created, in_progress, content_part.*, *.done and future events.
      }
    }
    return true;
  }

  private void onEvent(String eventType, String data) {
    JsonObject o = JsonSupport.tryReadObject(data);
    if (o == null) {
      if (!data.isBlank() && !data.strip().equals("[DONE]")) {
        sawEnd = true;
        emit(ProviderErrors.streamError(data, "malformed_event"));
      }
      return;
    }
    String type = JsonSupport.str(o, "type");
    if (type == null) {
      type = eventType;
    }
    switch (type) {
      case "response.output_text.delta" -> text(o);
      case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" -> {
        String delta = JsonSupport.str(o, "delta");
        if (delta != null && !delta.isEmpty()) {
          emit(new StreamChunk.ReasoningDelta(delta));
        }
      }
      case "response.output_item.added" -> {
        JsonObject item = JsonSupport.obj(o, "item");
        if ("function_call".equals(JsonSupport.str(item, "type"))) {
          sawFunctionCall = true;
          int index = index(o, JsonSupport.str(item, "id"));
          String args = JsonSupport.str(item, "arguments");
          emit(
              new StreamChunk.ToolCallDelta(
                  index,
                  JsonSupport.str(item, "call_id"),
                  JsonSupport.str(item, "name"),
                  args == null ? "" : args));
        }
      }
      case "response.function_call_arguments.delta" -> {
        String delta = JsonSupport.str(o, "delta");
        if (delta != null) {
          emit(
              new StreamChunk.ToolCallDelta(
                  index(o, JsonSupport.str(o, "item_id")), null, null, delta));
        }
      }
      case "response.completed", "response.incomplete", "response.failed" -> {
        sawEnd = true;
        JsonObject response = JsonSupport.obj(o, "response");
        if (response == null) {
          response = JsonObject.EMPTY_JSON_OBJECT;
        }
        if (response.get("status") == null) {
          response =
              JsonSupport.objectBuilder(response)
                  .add("status", type.substring("response.".length()))
                  .build();
        }
        OpenAiResponsesMapping.emitEnd(response, sawFunctionCall, this::emit);
      }
      case "error" -> {
        sawEnd = true;
        if (o.get("error") instanceof JsonObject) {
          emit(ProviderErrors.streamError(o, "error"));
        } else {
          String code = JsonSupport.str(o, "code");
          String message = JsonSupport.str(o, "message");
          emit(
              new StreamChunk.ProviderError(
                  0, code == null ? "error" : code, message == null ? "error event" : message));
        }
      }
      default -> {
        // created, in_progress, content_part.*, *.done and future events.
      }
    }
  }

  private void text(JsonObject o) {
    String delta = JsonSupport.str(o, "delta");
    if (delta != null && !delta.isEmpty()) {
      emit(new StreamChunk.TextDelta(delta));
    }
  }

  /** The tool-call index: {@code output_index}, else one remembered by item id. */
  private int index(JsonObject o, String itemId) {
    return index(JsonSupport.integer(o, "output_index"), itemId);
  }

  private int index(Integer outputIndex, String itemId) {
    if (outputIndex != null) {
      if (itemId != null) {
        indexByItemId.putIfAbsent(itemId, outputIndex);
      }
      return outputIndex;
    }
    if (itemId != null) {
      return indexByItemId.computeIfAbsent(itemId, id -> 10_000 + indexByItemId.size());
    }
    return 0;
  }

  @Override
  protected void onEnd() {
    if (!sawEnd) {
      emit(
          new StreamChunk.ProviderError(
              0, "incomplete_stream", "stream ended without response.completed"));
    }
  }
}
