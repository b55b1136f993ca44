package io.ponybunny.sim;

/**
 * What the simulator takes from a request body, whatever the protocol.
 *
 * @param lastUserText the text of the last user message ("" when none)
 * @param promptTokens the input token count (whitespace-separated words of all input text, min 1)
 * @param maxTokens the request's output limit, or null
 * @param systemText the system instructions ("" when none)
 * @param toolResult the text of the tool results the request ends with (one tool message, or the
 *     result blocks, items or parts of the last message); null when its last message is no tool
 *     result
 */
public record SimPrompt(
    String lastUserText,
    int promptTokens,
    Integer maxTokens,
    String systemText,
    String toolResult) {

  public SimPrompt {
    lastUserText = lastUserText == null ? "" : lastUserText;
    promptTokens = Math.max(1, promptTokens);
    systemText = systemText == null ? "" : systemText;
  }

  /** A prompt that does not end with a tool result. */
  public SimPrompt(String lastUserText, int promptTokens, Integer maxTokens, String systemText) {
    this(lastUserText, promptTokens, maxTokens, systemText, null);
  }

  /** A prompt without system instructions that does not end with a tool result. */
  public SimPrompt(String lastUserText, int promptTokens, Integer maxTokens) {
    this(lastUserText, promptTokens, maxTokens, "");
  }
}
