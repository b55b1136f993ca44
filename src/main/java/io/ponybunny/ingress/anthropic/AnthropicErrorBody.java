package io.ponybunny.ingress.anthropic;

import io.ponybunny.llm.json.JsonSupport;

/**
 * Anthropic's error envelope, {@code {"type":"error","error":{"type","message"}}}, with the error
 * type Anthropic gives each status.
 */
public final class AnthropicErrorBody {

  private AnthropicErrorBody() {}

  /** The body for {@code status}. */
  public static String of(int status, String message) {
    return JsonSupport.objectBuilder()
        .add("type", "error")
        .add(
            "error",
            JsonSupport.objectBuilder()
                .add("type", type(status))
                .add("message", message == null ? "" : message))
        .build()
        .toString();
  }

  /** Anthropic's error type for {@code status}. */
  public static String type(int status) {
    return switch (status) {
      case 400, 422 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 503, 529 -> "overloaded_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }
}
