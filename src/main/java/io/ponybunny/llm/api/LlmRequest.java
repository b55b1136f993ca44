package io.ponybunny.llm.api;

import java.util.List;

/**
 * A provider-neutral request for one completion.
 *
 * @param model the provider's model name (without any endpoint prefix)
 * @param messages the conversation, system messages included
 * @param maxTokens upper bound on generated tokens, null for the provider default
 * @param temperature sampling temperature, null for the provider default
 * @param tools tools offered to the model, empty for none
 */
public record LlmRequest(
    String model,
    List<ChatMessage> messages,
    Integer maxTokens,
    Double temperature,
    List<ToolSpec> tools) {

  public LlmRequest {
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
  }
}
