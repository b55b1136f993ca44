package io.ponybunny.sim;

/**
 * What the simulator takes from a request body, whatever the protocol.
 *
 * @param lastUserText the text of the last user message ("" when none)
 * @param promptTokens the input token count (whitespace-separated words of all input text, min 1)
 * @param maxTokens the request's output limit, or null
 */
public record SimPrompt(String lastUserText, int promptTokens, Integer maxTokens) {

  public SimPrompt {
    lastUserText = lastUserText == null ? "" : lastUserText;
    promptTokens = Math.max(1, promptTokens);
  }
}
