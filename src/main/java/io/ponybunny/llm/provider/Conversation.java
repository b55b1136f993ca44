package io.ponybunny.llm.provider;

import io.ponybunny.llm.api.ChatMessage;
import jakarta.json.JsonArrayBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages as the protocols that take the system prompt apart (Anthropic, OpenAI Responses,
 * Gemini) see them: one system text and the turns, each from the user or the assistant.
 *
 * @param system the system messages' texts joined by a blank line, null when there is no text
 * @param turns the other messages in order; a {@code tool} (or any non-assistant) message is a user
 *     turn
 */
public record Conversation(String system, List<Turn> turns) {

  /**
   * One turn.
   *
   * @param assistant whether the assistant said it (else the user)
   * @param content the text, never null
   */
  public record Turn(boolean assistant, String content) {

    /** {@code assistantRole} for the assistant's turns, else {@code user}. */
    public String role(String assistantRole) {
      return assistant ? assistantRole : "user";
    }
  }

  public Conversation {
    turns = List.copyOf(turns);
  }

  /** Splits {@code messages}; a null content counts as empty. */
  public static Conversation of(List<ChatMessage> messages) {
    StringBuilder system = new StringBuilder();
    List<Turn> turns = new ArrayList<>();
    for (ChatMessage m : messages) {
      String content = contentOf(m);
      if ("system".equals(m.role())) {
        if (system.length() > 0) {
          system.append("\n\n");
        }
        system.append(content);
      } else {
        turns.add(new Turn("assistant".equals(m.role()), content));
      }
    }
    return new Conversation(system.length() > 0 ? system.toString() : null, turns);
  }

  /**
   * {@code [{role, content}]} with every message as it is, system ones included: how the
   * OpenAI-style chat APIs (and Ollama) take messages.
   */
  public static JsonArrayBuilder roleContent(List<ChatMessage> messages) {
    return JsonFields.array(
        messages, m -> JsonFields.object().add("role", m.role()).add("content", contentOf(m)));
  }

  private static String contentOf(ChatMessage m) {
    return m.content() == null ? "" : m.content();
  }
}
