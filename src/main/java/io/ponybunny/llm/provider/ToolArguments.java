package io.ponybunny.llm.provider;

import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * A tool call's arguments as a wire wants them: as text (OpenAI's {@code arguments} strings) or as
 * an object (Anthropic's {@code input}, Gemini's {@code args}, Ollama's {@code arguments}).
 * Arguments that did not parse go as their raw text where text is wanted and as {@code {}} where an
 * object is.
 */
public final class ToolArguments {

  private ToolArguments() {}

  /**
   * The parsed arguments as compact JSON; when they did not parse, the raw text; {@code {}} when
   * there is neither.
   */
  public static String text(ToolCall call) {
    if (call.arguments() != null) {
      return JsonSupport.toJson(call.arguments());
    }
    return call.rawArguments() != null ? call.rawArguments() : "{}";
  }

  /** The parsed arguments when they are an object, else {@code {}}. */
  public static JsonObject object(ToolCall call) {
    return call.arguments() instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
  }
}
