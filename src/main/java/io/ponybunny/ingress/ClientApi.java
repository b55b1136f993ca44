package io.ponybunny.ingress;

import io.ponybunny.ingress.anthropic.AnthropicErrorBody;
import io.ponybunny.ingress.openai.OpenAiErrorBody;

/**
 * The API a {@code /v1} request speaks, which decides the shape of its answers and errors: {@code
 * /v1/messages} and any request with an {@code anthropic-version} header (every Anthropic SDK sends
 * one) speak Anthropic's, everything else OpenAI's.
 */
public enum ClientApi {
  OPENAI("openai"),
  ANTHROPIC("anthropic");

  private final String wireName;

  ClientApi(String wireName) {
    this.wireName = wireName;
  }

  /** The name a stream records as its client ({@code openai}, {@code anthropic}). */
  public String wireName() {
    return wireName;
  }

  /** The API of a request to {@code path} that carries {@code anthropicVersion} (null: none). */
  public static ClientApi of(String path, String anthropicVersion) {
    boolean messages = path != null && (path.endsWith("/messages") || path.contains("/messages/"));
    return messages || anthropicVersion != null ? ANTHROPIC : OPENAI;
  }

  /** The JSON error body this API answers with for {@code status}. */
  public String errorBody(int status, String message) {
    return switch (this) {
      case OPENAI -> OpenAiErrorBody.of(status, message);
      case ANTHROPIC -> AnthropicErrorBody.of(status, message);
    };
  }
}
