package io.ponybunny.llm.provider.openai;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.function.Consumer;

/** The Chat Completions pieces shared by the streaming and the non-streaming parsing. */
final class OpenAiChatMapping {

  private OpenAiChatMapping() {}

  static FinishReason finishReason(String raw) {
    return switch (raw) {
      case "stop" -> FinishReason.STOP;
      case "length" -> FinishReason.LENGTH;
      case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
      case "content_filter" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.ERROR;
    };
  }

  /**
   * A usage object: {@code prompt_tokens} (cached ones included), {@code completion_tokens} and
   * {@code prompt_tokens_details.cached_tokens}; null when it has none of them.
   */
  static StreamChunk.Usage usage(JsonObject usage) {
    if (usage == null) {
      return null;
    }
    Integer in = JsonSupport.integer(usage, "prompt_tokens");
    Integer out = JsonSupport.integer(usage, "completion_tokens");
    Integer cached =
        JsonSupport.integer(JsonSupport.obj(usage, "prompt_tokens_details"), "cached_tokens");
    return in == null && out == null && cached == null
        ? null
        : new StreamChunk.Usage(in, out, cached);
  }

  /** Emits the text, reasoning and tool calls of a {@code delta} or a whole {@code message}. */
  static void emitMessage(JsonObject m, Consumer<StreamChunk> out) {
    String reasoning = JsonSupport.str(m, "reasoning_content");
    if (reasoning == null) {
      reasoning = JsonSupport.str(m, "reasoning");
    }
    if (reasoning != null && !reasoning.isEmpty()) {
      out.accept(new StreamChunk.ReasoningDelta(reasoning));
    }
    String content = JsonSupport.str(m, "content");
    if (content != null && !content.isEmpty()) {
      out.accept(new StreamChunk.TextDelta(content));
    }
    JsonArray calls = JsonSupport.arr(m, "tool_calls");
    if (calls != null) {
      int position = 0;
      for (JsonValue v : calls) {
        if (v instanceof JsonObject call) {
          Integer index = JsonSupport.integer(call, "index");
          JsonObject fn = JsonSupport.obj(call, "function");
          String id = JsonSupport.str(call, "id");
          String name = JsonSupport.str(fn, "name");
          String args = JsonSupport.str(fn, "arguments");
          if (id != null || name != null || args != null) {
            out.accept(
                new StreamChunk.ToolCallDelta(
                    index == null ? position : index, id, name, args == null ? "" : args));
          }
        }
        position++;
      }
    }
    JsonObject legacy = JsonSupport.obj(m, "function_call");
    if (legacy != null) {
      String args = JsonSupport.str(legacy, "arguments");
      out.accept(
          new StreamChunk.ToolCallDelta(
              0, null, JsonSupport.str(legacy, "name"), args == null ? "" : args));
    }
  }
}
