package io.ponybunny.llm.api;

import java.util.List;

/**
 * One message of a conversation.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text (null or empty for an assistant message that only calls tools)
 * @param toolCalls the tools an {@code assistant} message called, in order; empty otherwise
 * @param toolCallId for a {@code tool} message, the id of the call it answers; null otherwise
 */
public record ChatMessage(
    String role, String content, List<ToolCall> toolCalls, String toolCallId) {

  public ChatMessage {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /** A message of text only. */
  public ChatMessage(String role, String content) {
    this(role, content, List.of(), null);
  }

  public static ChatMessage system(String content) {
    return new ChatMessage("system", content);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage("user", content);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage("assistant", content);
  }

  /** The assistant's turn that called {@code calls} (with any text it said first). */
  public static ChatMessage assistant(String content, List<ToolCall> calls) {
    return new ChatMessage("assistant", content, calls, null);
  }

  /** The result of the tool call {@code toolCallId}, as text. */
  public static ChatMessage toolResult(String toolCallId, String content) {
    return new ChatMessage("tool", content, List.of(), toolCallId);
  }
}
