package io.ponybunny.llm.provider.openai;

import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.provider.ProviderErrors.ErrorInfo;
import io.ponybunny.llm.provider.gemini.GeminiError;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The OpenAI error envelope, as OpenAI and the servers speaking its protocols send it: {@code
 * {"error":{"message","type","param","code"}}} ({@code code} a string, or a number as OpenRouter
 * sends it), {@code {"error":"text"}} (llama.cpp, Ollama's {@code /v1}), a flat {@code
 * {"message","type","code"}} (vLLM) or {@code {"detail":"text"}} (FastAPI servers). Gemini's
 * OpenAI-compatible endpoint answers with Gemini's own envelope ({@code [{"error":{"code",
 * "message","status","details"}}]}), which {@link GeminiError} reads.
 */
final class OpenAiError {

  private OpenAiError() {}

  /** What the envelope in {@code body} says; null when there is none. */
  static ErrorInfo read(JsonValue body) {
    if (GeminiError.isGeminiEnvelope(body)) {
      return GeminiError.read(body);
    }
    if (!(body instanceof JsonObject o)) {
      return null;
    }
    JsonValue error = o.get("error");
    if (error instanceof JsonObject e) {
      return fields(e, JsonSupport.str(e, "message"));
    }
    if (error instanceof JsonString s) {
      return new ErrorInfo(code(o), JsonSupport.str(o, "type"), s.getString(), null);
    }
    String message = JsonSupport.str(o, "message");
    if (message == null) {
      message = JsonSupport.str(o, "detail");
    }
    return message == null ? null : fields(o, message);
  }

  /** An envelope's fields: {@code type}, else {@code code} when it is a string, names the type. */
  private static ErrorInfo fields(JsonObject e, String message) {
    String type = JsonSupport.str(e, "type");
    if (type == null) {
      type = JsonSupport.str(e, "code");
    }
    return new ErrorInfo(code(e), type, message, null);
  }

  /** The numeric {@code code} (OpenRouter) or {@code status_code}, 0 when none. */
  private static int code(JsonObject e) {
    if (e.get("code") instanceof JsonNumber n) {
      return n.intValue();
    }
    if (e.get("status_code") instanceof JsonNumber n) {
      return n.intValue();
    }
    return 0;
  }

  /** A stream chunk for an object carrying an {@code error} member (chunk, event or body). */
  static StreamChunk.ProviderError streamError(JsonObject payload, String fallbackType) {
    return ProviderErrors.streamError(read(payload), payload.toString(), fallbackType);
  }

  /** A stream chunk for the {@code error} object of a failed Responses API response. */
  static StreamChunk.ProviderError responseFailed(JsonObject error) {
    return streamError(JsonSupport.objectBuilder().add("error", error).build(), "response_failed");
  }

  /**
   * A stream chunk for a Responses API {@code error} event: {@code {"type":"error","code",
   * "message","param"}}, or an {@code error} object as in the envelope.
   */
  static StreamChunk.ProviderError responsesErrorEvent(JsonObject event) {
    if (event.get("error") instanceof JsonObject) {
      return streamError(event, "error");
    }
    String code = JsonSupport.str(event, "code");
    String message = JsonSupport.str(event, "message");
    return new StreamChunk.ProviderError(
        0, code == null ? "error" : code, message == null ? "error event" : message);
  }
}
