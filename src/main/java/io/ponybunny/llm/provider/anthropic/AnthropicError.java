package io.ponybunny.llm.provider.anthropic;

import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.provider.ProviderErrors.ErrorInfo;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The Anthropic error envelope, {@code {"type":"error","error":{"type","message"},"request_id"}},
 * as an error response body and as the {@code error} event of a stream. Anthropic names no numeric
 * code: a stream error's status comes from its type ({@link #statusOf}).
 */
final class AnthropicError {

  private AnthropicError() {}

  /** What the envelope in {@code body} says; null when {@code body} has no {@code error} object. */
  static ErrorInfo read(JsonValue body) {
    JsonObject e = body instanceof JsonObject o ? JsonSupport.obj(o, "error") : null;
    return e == null
        ? null
        : new ErrorInfo(0, JsonSupport.str(e, "type"), JsonSupport.str(e, "message"), null);
  }

  /** A chunk for an error in a 2xx body, with no status. */
  static StreamChunk.ProviderError inBody(JsonObject body) {
    return ProviderErrors.streamError(read(body), String.valueOf(body), "error");
  }

  /** A chunk for an {@code error} event of a stream: its status is the one its type stands for. */
  static StreamChunk.ProviderError event(JsonObject event) {
    StreamChunk.ProviderError e = inBody(event);
    return new StreamChunk.ProviderError(statusOf(e.type()), e.type(), e.message());
  }

  /** The HTTP status Anthropic uses for an error type, 0 when unknown. */
  static int statusOf(String type) {
    if (type == null) {
      return 0;
    }
    return switch (type) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "billing_error" -> 402;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "api_error" -> 500;
      case "timeout_error" -> 504;
      case "overloaded_error" -> 529;
      default -> 0;
    };
  }
}
