package io.ponybunny.telemetry;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.List;

/**
 * A call's prompt and answer as the GenAI conventions' {@code gen_ai.input.messages} and {@code
 * gen_ai.output.messages} JSON (messages of role and parts: text, reasoning, tool calls, tool call
 * responses). Recorded only when the operator opts in ({@code
 * ponybunny.telemetry.capture-content}).
 */
public final class GenAiMessages {

  private GenAiMessages() {}

  /** The conversation sent, in order, as a JSON array of messages. */
  public static String input(List<ChatMessage> messages) {
    JsonArrayBuilder out = JsonSupport.arrayBuilder();
    for (ChatMessage m : messages) {
      JsonArrayBuilder parts = JsonSupport.arrayBuilder();
      if ("tool".equals(m.role())) {
        JsonObjectBuilder part = JsonSupport.objectBuilder().add("type", "tool_call_response");
        if (m.toolCallId() != null) {
          part.add("id", m.toolCallId());
        }
        parts.add(part.add("response", m.content() == null ? "" : m.content()));
      } else {
        text(parts, "text", m.content());
        toolCalls(parts, m.toolCalls());
      }
      out.add(JsonSupport.objectBuilder().add("role", m.role()).add("parts", parts));
    }
    return out.build().toString();
  }

  /** The answer as a JSON array of one assistant message with its finish reason. */
  public static String output(LlmResponse response) {
    JsonArrayBuilder parts = JsonSupport.arrayBuilder();
    text(parts, "reasoning", response.reasoning());
    text(parts, "text", response.text());
    toolCalls(parts, response.toolCalls());
    return JsonSupport.arrayBuilder()
        .add(
            JsonSupport.objectBuilder()
                .add("role", "assistant")
                .add("parts", parts)
                .add("finish_reason", finishReason(response.finishReason())))
        .build()
        .toString();
  }

  /** The conventions' finish reason: {@code tool_call} for PonyBunny's {@code tool_calls}. */
  static String finishReason(FinishReason reason) {
    return reason == FinishReason.TOOL_CALLS ? "tool_call" : reason.wireName();
  }

  private static void text(JsonArrayBuilder parts, String type, String content) {
    if (content != null && !content.isEmpty()) {
      parts.add(JsonSupport.objectBuilder().add("type", type).add("content", content));
    }
  }

  private static void toolCalls(JsonArrayBuilder parts, List<ToolCall> calls) {
    for (ToolCall call : calls) {
      JsonObjectBuilder part = JsonSupport.objectBuilder().add("type", "tool_call");
      if (call.id() != null) {
        part.add("id", call.id());
      }
      part.add("name", call.name() == null ? "" : call.name());
      if (call.arguments() != null) {
        part.add("arguments", call.arguments());
      } else if (call.rawArguments() != null) {
        part.add("arguments", call.rawArguments());
      }
      parts.add(part);
    }
  }
}
