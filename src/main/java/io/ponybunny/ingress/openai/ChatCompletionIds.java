package io.ponybunny.ingress.openai;

/**
 * The ids one PonyBunny call shows an OpenAI client, all derived from its request id so the client
 * can name them back: the completion's {@code chatcmpl-<requestId>} (the same in every chunk) and,
 * for tool calls whose provider sent no id (Gemini, Ollama), {@code call_<suffix>_<index>}, which
 * the client's follow-up {@code tool} messages then answer.
 *
 * @param requestId the PonyBunny request id of the call ({@code req_…})
 */
public record ChatCompletionIds(String requestId) {

  /** The completion's id. */
  public String completionId() {
    return "chatcmpl-" + requestId;
  }

  /** The id of the tool call at {@code index}: the provider's own, else one made from ours. */
  public String toolCallId(int index, String providerId) {
    if (providerId != null && !providerId.isBlank()) {
      return providerId;
    }
    String suffix = requestId.startsWith("req_") ? requestId.substring(4) : requestId;
    return "call_" + suffix + "_" + index;
  }
}
