package io.ponybunny.sim;

/**
 * What the simulator takes from a request body, whatever the protocol.
 *
 * @param lastUserText the text of the last user message ("" when none)
 * @param promptTokens the input token count (whitespace-separated words of all input text, min 1)
 * @param maxTokens the request's output limit, or null
 * @param systemText the system instructions ("" when none)
 */
public record SimPrompt(
    String lastUserText, int promptTokens, Integer maxTokens, String systemText) {

  public SimPrompt {
    lastUserText = lastUserText == null ? "" : lastUserText;
    promptTokens = Math.max(1, promptTokens);
    systemText = systemText == null ? "" : systemText;
  }

  /** A prompt without system instructions. */
  public SimPrompt(String lastUserText, int promptTokens, Integer maxTokens) {
    this(lastUserText, promptTokens, maxTokens, "");
  }
}
