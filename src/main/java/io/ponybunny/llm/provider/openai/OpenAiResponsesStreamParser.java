package io.ponybunny.llm.provider.openai;

import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonScanner;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.sse.SseStreamParser;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses an OpenAI Responses API stream: output text deltas, function calls ({@code
 * output_item.added} gives {@code call_id} and name, {@code function_call_arguments.delta} the
 * fragments), reasoning text and summary deltas, and the terminal {@code response.completed},
 * {@code response.incomplete}, {@code response.failed} and {@code error} events.
 *
 * <p>Every event's top-level fields are read with a {@link JsonScanner}; the rare events that carry
 * whole objects (an output item, a response, an error) are then read from their object tree.
 */
public final class OpenAiResponsesStreamParser extends SseStreamParser {

  private final Map<String, Integer> indexByItemId = new HashMap<>();
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
    if (!startsWithBrace(data, offset, length)) {
      malformed(text(data, offset, length));
      return;
    }
    JsonScanner s = scanner.reset(data, offset, length);
    String type = null;
    String delta = null;
    int itemIdAt = -1;
    Integer outputIndex = null;
    try {
      s.beginObject();
      while (s.nextKey()) {
        if (s.keyIs("type")) {
          type = s.string(EVENT_TYPES);
        } else if (s.keyIs("delta")) {
          delta = s.string();
        } else if (s.keyIs("item_id")) {
          // Only tool-call deltas need it: decoded below when the type asks for it.
          itemIdAt = s.position();
          s.skipValue();
        } else if (s.keyIs("output_index")) {
          outputIndex = s.integer();
        } else {
          s.skipValue();
        }
      }
      s.endOfInput();
    } catch (JsonScanner.Malformed e) {
      malformed(text(data, offset, length));
      return;
    }
    if (type == null) {
      type = eventType;
    }
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
          String itemId =
              itemIdAt < 0 ? null : s.reset(data, itemIdAt, offset + length - itemIdAt).string();
          emit(new StreamChunk.ToolCallDelta(index(outputIndex, itemId), null, null, delta));
        }
      }
      case "response.output_item.added",
              "response.completed",
              "response.incomplete",
              "response.failed",
              "error" ->
          objectEvent(type, outputIndex, JsonSupport.tryReadObject(data, offset, length));
      default -> {
        // created, in_progress, content_part.*, *.done and future events.
      }
    }
  }

  /** Data that is not an event object: blank and {@code [DONE]} are ignored. */
  private void malformed(String data) {
    if (!data.isBlank() && !data.strip().equals("[DONE]")) {
      sawEnd = true;
      emit(ProviderErrors.streamError(data, "malformed_event", OpenAiError::read));
    }
  }

  /** The rare events that carry whole objects, read from the event's object tree {@code o}. */
  private void objectEvent(String type, Integer outputIndex, JsonObject o) {
    switch (type) {
      case "response.output_item.added" -> {
        JsonObject item = JsonSupport.obj(o, "item");
        if ("function_call".equals(JsonSupport.str(item, "type"))) {
          sawFunctionCall = true;
          int index = index(outputIndex, JsonSupport.str(item, "id"));
          String args = JsonSupport.str(item, "arguments");
          emit(
              new StreamChunk.ToolCallDelta(
                  index,
                  JsonSupport.str(item, "call_id"),
                  JsonSupport.str(item, "name"),
                  args == null ? "" : args));
        }
      }
      case "error" -> {
        sawEnd = true;
        emit(OpenAiError.responsesErrorEvent(o));
      }
      default -> {
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
    }
  }

  /** The tool-call index: {@code output_index}, else one remembered by item id. */
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
