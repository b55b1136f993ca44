package io.ponybunny.ingress.openai;

import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonObjectBuilder;

/**
 * OpenAI's error envelope, {@code {"error":{"message","type","param","code"}}}, with the type and
 * code OpenAI gives each status (the SDKs pick their exception by the status).
 */
public final class OpenAiErrorBody {

  private OpenAiErrorBody() {}

  /** The body for {@code status}. */
  public static String of(int status, String message) {
    JsonObjectBuilder error =
        JsonSupport.objectBuilder()
            .add("message", message == null ? "" : message)
            .add("type", type(status))
            .addNull("param");
    String code = code(status);
    if (code == null) {
      error.addNull("code");
    } else {
      error.add("code", code);
    }
    return JsonSupport.objectBuilder().add("error", error).build().toString();
  }

  static String type(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 429 -> "rate_limit_error";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  static String code(int status) {
    return switch (status) {
      case 401 -> "invalid_api_key";
      case 404 -> "model_not_found";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_exceeded";
      default -> null;
    };
  }
}
