package io.ponybunny.llm.provider;

import io.ponybunny.llm.api.NonRetryableProviderException;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * The one mapping of provider failures onto {@link ProviderException}: HTTP status classes, retry
 * delays and the error envelopes of OpenAI ({@code {"error":{message,type,code}}}), Anthropic
 * ({@code {"type":"error","error":{type,message}}}), Gemini ({@code {"error":{code,message,
 * status}}}, also wrapped in an array) and OpenAI-compatible servers. Only the retry headers are
 * ever read; no header value reaches a message.
 */
public final class ProviderErrors {

  /** Longest body snippet used as a message when the body has no recognizable envelope. */
  public static final int MAX_SNIPPET = 500;

  /**
   * What a provider error envelope says.
   *
   * @param code the numeric code in the envelope, 0 when none
   * @param type the error type (OpenAI/Anthropic {@code type}, Gemini {@code status}, else {@code
   *     code} when it is a string), null when none
   * @param message the message, null when none
   */
  public record ErrorInfo(int code, String type, String message) {}

  private ProviderErrors() {}

  /** Whether an HTTP status is worth retrying: 408, 409, 429 and every 5xx (529 included). */
  public static boolean isRetryableStatus(int status) {
    return status == 408 || status == 409 || status == 429 || (status >= 500 && status <= 599);
  }

  /** Maps a non-2xx HTTP response to the hierarchy, using the system clock for HTTP dates. */
  public static ProviderException fromHttp(
      String provider, int status, Function<String, String> header, byte[] body) {
    return fromHttp(provider, status, header, body, Clock.systemUTC());
  }

  /** As {@link #fromHttp(String, int, Function, byte[])} with an explicit clock. */
  public static ProviderException fromHttp(
      String provider, int status, Function<String, String> header, byte[] body, Clock clock) {
    String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
    JsonValue json = JsonSupport.tryReadValue(text);
    ErrorInfo info = json == null ? null : extract(json);
    String type = info == null ? null : info.type();
    String message = info == null ? null : info.message();
    if (message == null || message.isBlank()) {
      String snippet = snippet(text);
      message = snippet.isEmpty() ? "HTTP " + status : snippet;
    }
    if (type == null) {
      type = defaultType(status);
    }
    if (isRetryableStatus(status)) {
      Duration delay = retryAfter(header, json, clock);
      return new RetryableProviderException(provider, status, type, message, delay, null);
    }
    return new NonRetryableProviderException(provider, status, type, message, null);
  }

  private static String defaultType(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "authentication_error";
      case 402 -> "payment_required";
      case 403 -> "permission_error";
      case 404 -> "not_found";
      case 408 -> "timeout";
      case 409 -> "conflict";
      case 413 -> "request_too_large";
      case 422 -> "unprocessable_entity";
      case 429 -> "rate_limit";
      case 529 -> "overloaded";
      default -> status >= 500 ? "server_error" : "http_error";
    };
  }

  /**
   * Reads a provider error envelope: an object with an {@code error} object (or string), an array
   * whose first object is one, or a flat {@code {message,type,code}} object. Null when none.
   */
  public static ErrorInfo extract(JsonValue json) {
    if (json instanceof JsonArray a) {
      for (JsonValue v : a) {
        if (v instanceof JsonObject) {
          return extract(v);
        }
      }
      return null;
    }
    if (!(json instanceof JsonObject o)) {
      return null;
    }
    JsonValue error = o.get("error");
    if (error instanceof JsonObject e) {
      return fromFields(e);
    }
    if (error instanceof JsonString s) {
      return new ErrorInfo(code(o), JsonSupport.str(o, "type"), s.getString());
    }
    if (o.get("message") instanceof JsonString || o.get("detail") instanceof JsonString) {
      ErrorInfo info = fromFields(o);
      String message = info.message() != null ? info.message() : JsonSupport.str(o, "detail");
      return new ErrorInfo(info.code(), info.type(), message);
    }
    return null;
  }

  private static ErrorInfo fromFields(JsonObject e) {
    String type = JsonSupport.str(e, "type");
    if (type == null) {
      type = JsonSupport.str(e, "status");
    }
    if (type == null) {
      type = JsonSupport.str(e, "code");
    }
    return new ErrorInfo(code(e), type, JsonSupport.str(e, "message"));
  }

  private static int code(JsonObject e) {
    if (e.get("code") instanceof JsonNumber n) {
      return n.intValue();
    }
    if (e.get("status_code") instanceof JsonNumber n) {
      return n.intValue();
    }
    return 0;
  }

  /**
   * A stream chunk for an error reported inside a 200 stream.
   *
   * @param payload the JSON payload carrying the error (any envelope {@link #extract} reads)
   * @param fallbackType the type when the payload names none
   */
  public static StreamChunk.ProviderError streamError(JsonValue payload, String fallbackType) {
    ErrorInfo info = payload == null ? null : extract(payload);
    if (info == null) {
      String text = payload == null ? "" : snippet(payload.toString());
      return new StreamChunk.ProviderError(0, fallbackType, text.isEmpty() ? fallbackType : text);
    }
    int status = info.code() >= 100 && info.code() <= 599 ? info.code() : 0;
    String message = info.message() == null ? snippet(payload.toString()) : info.message();
    return new StreamChunk.ProviderError(
        status, info.type() == null ? fallbackType : info.type(), message);
  }

  /** A stream chunk for a body that is not JSON at all: a trimmed snippet as message. */
  public static StreamChunk.ProviderError streamError(String rawText, String fallbackType) {
    JsonValue json = JsonSupport.tryReadValue(rawText);
    if (json != null && extract(json) != null) {
      return streamError(json, fallbackType);
    }
    String text = snippet(rawText);
    return new StreamChunk.ProviderError(0, fallbackType, text.isEmpty() ? fallbackType : text);
  }

  /** The body trimmed, whitespace runs collapsed, cut to {@link #MAX_SNIPPET} characters. */
  public static String snippet(String body) {
    if (body == null) {
      return "";
    }
    String s = body.strip().replaceAll("\\s+", " ");
    return s.length() <= MAX_SNIPPET ? s : s.substring(0, MAX_SNIPPET) + "...";
  }

  /**
   * The delay the provider asks for: {@code retry-after-ms}, then {@code Retry-After} (seconds or
   * HTTP-date), then a Gemini {@code google.rpc.RetryInfo} detail. Null when none.
   */
  public static Duration retryAfter(Function<String, String> header, JsonValue body, Clock clock) {
    if (header != null) {
      Duration d = parseMillis(header.apply("retry-after-ms"));
      if (d != null) {
        return d;
      }
      d = parseRetryAfter(header.apply("retry-after"), clock);
      if (d != null) {
        return d;
      }
    }
    return retryInfo(body);
  }

  private static boolean isDecimal(String v) {
    int dots = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return !v.isEmpty() && dots <= 1 && !v.equals(".");
  }

  private static Duration parseMillis(String value) {
    if (value == null || !isDecimal(value.trim())) {
      return null;
    }
    try {
      double ms = Double.parseDouble(value.trim());
      return ms >= 0 && Double.isFinite(ms) ? Duration.ofNanos((long) (ms * 1_000_000)) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static Duration parseRetryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    Duration seconds = parseSeconds(v);
    if (seconds != null) {
      return seconds;
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(clock.instant(), at.toInstant());
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration parseSeconds(String v) {
    if (!isDecimal(v)) {
      return null;
    }
    try {
      double s = Double.parseDouble(v);
      return s >= 0 && Double.isFinite(s) ? Duration.ofNanos((long) (s * 1_000_000_000L)) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration retryInfo(JsonValue body) {
    JsonObject root = null;
    if (body instanceof JsonObject o) {
      root = o;
    } else if (body instanceof JsonArray a && !a.isEmpty() && a.get(0) instanceof JsonObject o) {
      root = o;
    }
    JsonArray details = JsonSupport.arr(JsonSupport.obj(root, "error"), "details");
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
            Duration parsed = parseSeconds(s.substring(0, s.length() - 1));
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
