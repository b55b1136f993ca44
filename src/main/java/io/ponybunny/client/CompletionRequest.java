package io.ponybunny.client;

import java.util.List;

/**
 * What a client sends to {@code POST /api/completions} ({@link PonyBunnyClient#completionEvents}):
 * the server checks it field by field (400 naming the field). Null fields are left out.
 *
 * @param model {@code <endpointId>/<model>}, a tier or a configured model; null for the default
 * @param messages the conversation, at least one message
 * @param goalId the goal (or free-form channel) whose WebSocket channel also shows the stream, or
 *     null
 * @param stream stream token by token (event streams always do), or null
 * @param maxTokens upper bound on generated tokens, or null
 * @param temperature sampling temperature 0..2, or null
 */
public record CompletionRequest(
    String model,
    List<Message> messages,
    String goalId,
    Boolean stream,
    Integer maxTokens,
    Double temperature) {

  /** One message of the conversation: {@code system}, {@code user}, {@code assistant}. */
  public record Message(String role, String content) {}

  /**
   * One user message to {@code model} (null: the default), streamed on {@code goalId} (or null).
   */
  public static CompletionRequest of(String model, String goalId, String prompt) {
    return new CompletionRequest(
        model, List.of(new Message("user", prompt)), goalId, true, null, null);
  }
}
