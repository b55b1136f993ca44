package io.ponybunny.llm.provider;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.ToolCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages as the protocols that take the system prompt apart (Anthropic, OpenAI Responses,
 * Gemini) see them: one system text and the turns, each from the user or the assistant, with the
 * tool round-trips kept: an assistant turn carries the calls it made, and the results of those
 * calls form user turns of their own.
 *
 * @param system the system messages' texts joined by a blank line, null when there is no text
 * @param turns the other messages in order; consecutive tool results (see {@link #isToolResult})
 *     make one user turn; any other non-assistant message (a {@code tool} message without a call id
 *     included) is a user turn of text
 */
public record Conversation(String system, List<Turn> turns) {

  /**
   * One turn.
   *
   * @param assistant whether the assistant said it (else the user)
   * @param content the text, never null (empty for a turn of tool results)
   * @param calls the tools the assistant called in this turn, in order; empty otherwise
   * @param results the tool results this user turn answers with, in order; empty otherwise
   */
  public record Turn(
      boolean assistant, String content, List<ToolCall> calls, List<ToolResult> results) {

    public Turn {
      content = content == null ? "" : content;
      calls = List.copyOf(calls);
      results = List.copyOf(results);
    }

    /** A turn of text only. */
    public Turn(boolean assistant, String content) {
      this(assistant, content, List.of(), List.of());
    }

    /** {@code assistantRole} for the assistant's turns, else {@code user}. */
    public String role(String assistantRole) {
      return assistant ? assistantRole : "user";
    }
  }

  /**
   * The result of one tool call.
   *
   * @param callId the id of the call it answers
   * @param name the name of that call, as an assistant message of the conversation has it; null
   *     when none has a call with that id
   * @param content the result text, never null
   */
  public record ToolResult(String callId, String name, String content) {}

  public Conversation {
    turns = List.copyOf(turns);
  }

  /** Splits {@code messages}; a null content counts as empty. */
  public static Conversation of(List<ChatMessage> messages) {
    Map<String, String> names = callNames(messages);
    StringBuilder system = new StringBuilder();
    List<Turn> turns = new ArrayList<>();
    for (ChatMessage m : messages) {
      String content = contentOf(m);
      if ("system".equals(m.role())) {
        if (system.length() > 0) {
          system.append("\n\n");
        }
        system.append(content);
      } else if (isToolResult(m)) {
        ToolResult result = new ToolResult(m.toolCallId(), names.get(m.toolCallId()), content);
        int last = turns.size() - 1;
        if (last >= 0 && !turns.get(last).results().isEmpty()) {
          List<ToolResult> merged = new ArrayList<>(turns.get(last).results());
          merged.add(result);
          turns.set(last, new Turn(false, "", List.of(), merged));
        } else {
          turns.add(new Turn(false, "", List.of(), List.of(result)));
        }
      } else if ("assistant".equals(m.role())) {
        turns.add(new Turn(true, content, m.toolCalls(), List.of()));
      } else {
        turns.add(new Turn(false, content));
      }
    }
    return new Conversation(system.length() > 0 ? system.toString() : null, turns);
  }

  /**
   * Whether {@code m} is the result of a tool call: a {@code tool} message with the id of the call
   * it answers. A {@code tool} message without one goes as text, as before tool calls were kept.
   */
  public static boolean isToolResult(ChatMessage m) {
    return "tool".equals(m.role()) && m.toolCallId() != null;
  }

  /** The name of each tool call (by id) that the assistant messages of {@code messages} made. */
  public static Map<String, String> callNames(List<ChatMessage> messages) {
    Map<String, String> names = new HashMap<>();
    for (ChatMessage m : messages) {
      if ("assistant".equals(m.role())) {
        for (ToolCall call : m.toolCalls()) {
          if (call.id() != null && call.name() != null) {
            names.putIfAbsent(call.id(), call.name());
          }
        }
      }
    }
    return names;
  }

  /** The text of {@code m}, empty when it has none. */
  public static String contentOf(ChatMessage m) {
    return m.content() == null ? "" : m.content();
  }
}
