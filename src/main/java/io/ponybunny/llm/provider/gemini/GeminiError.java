package io.ponybunny.llm.provider.gemini;

import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.provider.ProviderErrors.ErrorInfo;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;

/**
 * The Gemini error envelope: {@code {"error":{"code","message","status","details"}}}, also wrapped
 * in an array as the streaming and OpenAI-compatible endpoints send it. {@code status} is the type;
 * a {@code google.rpc.RetryInfo} detail gives the delay before a retry ({@code
 * "retryDelay":"1.5s"}).
 */
public final class GeminiError {

  private GeminiError() {}

  /**
   * Whether {@code body} has Gemini's shape: an array, or an {@code error} object with a {@code
   * status} string (what tells it apart from OpenAI's {@code {"error":{...}}}).
   */
  public static boolean isGeminiEnvelope(JsonValue body) {
    return body instanceof JsonArray
        || (body instanceof JsonObject o
            && JsonSupport.str(JsonSupport.obj(o, "error"), "status") != null);
  }

  /** What the envelope in {@code body} (an object, or an array whose first object is one) says. */
  public static ErrorInfo read(JsonValue body) {
    JsonObject o =
        body instanceof JsonArray a ? firstObject(a) : body instanceof JsonObject b ? b : null;
    JsonObject e = JsonSupport.obj(o, "error");
    if (e == null) {
      return null;
    }
    int code = e.get("code") instanceof JsonNumber n ? n.intValue() : 0;
    return new ErrorInfo(
        code, JsonSupport.str(e, "status"), JsonSupport.str(e, "message"), retryDelay(e));
  }

  private static JsonObject firstObject(JsonArray a) {
    for (JsonValue v : a) {
      if (v instanceof JsonObject o) {
        return o;
      }
    }
    return null;
  }

  private static Duration retryDelay(JsonObject error) {
    JsonArray details = JsonSupport.arr(error, "details");
    if (details == null) {
      return null;
    }
    for (JsonValue v : details) {
      if (v instanceof JsonObject d) {
        String type = JsonSupport.str(d, "@type");
        String delay = JsonSupport.str(d, "retryDelay");
        if (type != null && type.endsWith("google.rpc.RetryInfo") && delay != null) {
          String s = delay.trim();
          if (s.endsWith("s")) {
            Duration parsed = ProviderErrors.parseSeconds(s.substring(0, s.length() - 1));
            if (parsed != null) {
              return parsed;
            }
          }
        }
      }
    }
    return null;
  }
}
