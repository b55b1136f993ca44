package io.ponybunny.llm.provider.ollama;

import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.ProviderErrors.ErrorInfo;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The Ollama error envelope, {@code {"error":"text"}}, as an error response body and as a line of a
 * stream. An {@code error} object is read for its {@code message}, any other value as its JSON
 * text. Ollama names no type or code.
 */
final class OllamaError {

  private OllamaError() {}

  /** What the envelope in {@code body} says; null when its {@code error} is absent or null. */
  static ErrorInfo read(JsonValue body) {
    JsonValue error = body instanceof JsonObject o ? o.get("error") : null;
    if (error == null || error == JsonValue.NULL) {
      return null;
    }
    String message =
        error instanceof JsonString s
            ? s.getString()
            : error instanceof JsonObject eo ? JsonSupport.str(eo, "message") : error.toString();
    return new ErrorInfo(0, null, message, null);
  }

  /** A chunk for an error line of a stream (or a 2xx body): type {@code error}. */
  static StreamChunk.ProviderError chunk(ErrorInfo info) {
    String message = info.message();
    return new StreamChunk.ProviderError(0, "error", message == null ? "error" : message);
  }
}
