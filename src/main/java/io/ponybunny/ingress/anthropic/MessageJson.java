package io.ponybunny.ingress.anthropic;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * The {@code message} object of Anthropic's Messages API and the pieces the streamed events share
 * with it: the stop reason of a finish reason and the usage object.
 */
public final class MessageJson {

  private MessageJson() {}

  /**
   * The whole answer of a call that was not streamed to the client: its thinking, text and tool
   * calls as content blocks in that order, the stop reason and the usage.
   */
  public static JsonObject message(String requestId, String model, LlmResponse response) {
    JsonArrayBuilder content = JsonSupport.arrayBuilder();
    if (response.reasoning() != null && !response.reasoning().isEmpty()) {
      content.add(
          JsonSupport.objectBuilder()
              .add("type", "thinking")
              .add("thinking", response.reasoning())
              .add("signature", MessageIds.signature(requestId, 0)));
    }
    if (response.text() != null && !response.text().isEmpty()) {
      content.add(JsonSupport.objectBuilder().add("type", "text").add("text", response.text()));
    }
    for (int i = 0; i < response.toolCalls().size(); i++) {
      ToolCall call = response.toolCalls().get(i);
      content.add(
          JsonSupport.objectBuilder()
              .add("type", "tool_use")
              .add("id", MessageIds.toolUse(requestId, i, call.id()))
              .add("name", call.name() == null ? "" : call.name())
              .add(
                  "input",
                  call.arguments() instanceof JsonObject args
                      ? args
                      : JsonValue.EMPTY_JSON_OBJECT));
    }
    return JsonSupport.objectBuilder()
        .add("id", MessageIds.message(requestId))
        .add("type", "message")
        .add("role", "assistant")
        .add("model", model)
        .add("content", content)
        .add("stop_reason", stopReason(response.finishReason(), response.rawFinishReason()))
        .addNull("stop_sequence")
        .add("usage", usage(response.usage()))
        .build();
  }

  /**
   * Anthropic's stop reason for a finish reason: {@code end_turn}, {@code max_tokens}, {@code
   * tool_use}, {@code refusal} (a content filter), or {@code stop_sequence} when an Anthropic
   * upstream said so. A cancelled or failed call that still answers ends {@code end_turn}.
   */
  public static String stopReason(FinishReason reason, String raw) {
    if (reason == null) {
      return "end_turn";
    }
    return switch (reason) {
      case LENGTH -> "max_tokens";
      case TOOL_CALLS -> "tool_use";
      case CONTENT_FILTER -> "refusal";
      case STOP -> "stop_sequence".equals(raw) ? "stop_sequence" : "end_turn";
      case ERROR, CANCELLED -> "end_turn";
    };
  }

  /** {@code {input_tokens, output_tokens}}, an unreported counter as 0. */
  public static JsonObjectBuilder usage(TokenUsage usage) {
    TokenUsage u = usage == null ? TokenUsage.NONE : usage;
    return JsonSupport.objectBuilder()
        .add("input_tokens", u.inputTokens() == null ? 0 : u.inputTokens())
        .add("output_tokens", u.outputTokens() == null ? 0 : u.outputTokens());
  }
}
