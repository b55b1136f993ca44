package io.ponybunny.llm.ollama;

import io.ponybunny.llm.FinishReason;
import io.ponybunny.llm.JsonSupport;
import io.ponybunny.llm.StreamChunk;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
      sawDone = true;
      Integer in = JsonSupport.integer(o, "prompt_eval_count");
      Integer outTokens = JsonSupport.integer(o, "eval_count");
      if (in != null || outTokens != null) {
        out.accept(new StreamChunk.Usage(in, outTokens));
      }
      String reason = JsonSupport.str(o, "done_reason");
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
