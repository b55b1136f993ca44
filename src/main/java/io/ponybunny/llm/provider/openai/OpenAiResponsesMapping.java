package io.ponybunny.llm.provider.openai;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.function.Consumer;

/** Responses API pieces shared by the streaming and the non-streaming parsing. */
final class OpenAiResponsesMapping {

  private OpenAiResponsesMapping() {}

  /**
   * The response's usage: {@code input_tokens} (cached ones included), {@code output_tokens} and
   * {@code input_tokens_details.cached_tokens}; null when it has none.
   */
  static StreamChunk.Usage usage(JsonObject response) {
    JsonObject usage = JsonSupport.obj(response, "usage");
    if (usage == null) {
      return null;
    }
    Integer in = JsonSupport.integer(usage, "input_tokens");
    Integer out = JsonSupport.integer(usage, "output_tokens");
    Integer cached =
        JsonSupport.integer(JsonSupport.obj(usage, "input_tokens_details"), "cached_tokens");
    return in == null && out == null && cached == null
        ? null
        : new StreamChunk.Usage(in, out, cached);
  }

  static boolean hasFunctionCall(JsonObject response) {
    JsonArray output = JsonSupport.arr(response, "output");
    if (output != null) {
      for (JsonValue v : output) {
        if (v instanceof JsonObject item && "function_call".equals(JsonSupport.str(item, "type"))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Emits the end of a response object ({@code response.completed}, {@code .incomplete}, {@code
   * .failed}, or a whole non-streamed response): usage, then finish or error.
   */
  static void emitEnd(JsonObject response, boolean sawFunctionCall, Consumer<StreamChunk> out) {
    StreamChunk.Usage usage = usage(response);
    if (usage != null) {
      out.accept(usage);
    }
    String status = JsonSupport.str(response, "status");
    if (status == null) {
      status = "completed";
    }
    switch (status) {
      case "completed" -> {
        boolean tools = sawFunctionCall || hasFunctionCall(response);
        out.accept(
            new StreamChunk.Finish(tools ? FinishReason.TOOL_CALLS : FinishReason.STOP, status));
      }
      case "incomplete" -> {
        String reason = JsonSupport.str(JsonSupport.obj(response, "incomplete_details"), "reason");
        FinishReason mapped =
            "max_output_tokens".equals(reason)
                ? FinishReason.LENGTH
                : "content_filter".equals(reason)
                    ? FinishReason.CONTENT_FILTER
                    : FinishReason.ERROR;
        out.accept(new StreamChunk.Finish(mapped, reason == null ? status : reason));
      }
      default -> {
        JsonObject error = JsonSupport.obj(response, "error");
        out.accept(
            error != null
                ? OpenAiError.responseFailed(error)
                : new StreamChunk.ProviderError(0, "response_" + status, "response " + status));
      }
    }
  }
}
