package io.ponybunny.llm.gemini;

import io.ponybunny.llm.FinishReason;
import io.ponybunny.llm.JsonSupport;
import io.ponybunny.llm.ProviderErrors;
import io.ponybunny.llm.StreamChunk;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
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
