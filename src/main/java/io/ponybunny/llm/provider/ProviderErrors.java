package io.ponybunny.llm.provider;

import io.ponybunny.llm.api.NonRetryableProviderException;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * The provider-neutral mapping of provider failures onto {@link ProviderException}: HTTP status
 * classes (retryable or not), retry delays from the headers, body snippets, and building the
 * exception or stream chunk. What a body's error envelope says is read by the provider's own {@link
 * EnvelopeReader} ({@code OpenAiError}, {@code AnthropicError}, {@code GeminiError}, {@code
 * OllamaError}). Only the retry headers are ever read; no header value reaches a message.
 */
public final class ProviderErrors {

  /** Longest body snippet used as a message when the body has no recognizable envelope. */
  public static final int MAX_SNIPPET = 500;

  /**
   * What a provider error envelope says.
   *
   * @param code the numeric code in the envelope, 0 when none
   * @param type the error type, null when none
   * @param message the message, null when none
   * @param retryDelay the delay the body asks for before a retry, null when none
   */
  public record ErrorInfo(int code, String type, String message, Duration retryDelay) {}

  /** Reads one provider's error envelope out of a parsed body. */
  @FunctionalInterface
  public interface EnvelopeReader {
    /** What the envelope in {@code body} says, null when {@code body} holds none. */
    ErrorInfo read(JsonValue body);
  }

  private ProviderErrors() {}

  /** Whether an HTTP status is worth retrying: 408, 409, 429 and every 5xx (529 included). */
  public static boolean isRetryableStatus(int status) {
    return status == 408 || status == 409 || status == 429 || (status >= 500 && status <= 599);
  }

  /** Maps a non-2xx HTTP response to the hierarchy, using the system clock for HTTP dates. */
  public static ProviderException fromHttp(
      String provider,
      int status,
      Function<String, String> header,
      byte[] body,
      EnvelopeReader envelope) {
    return fromHttp(provider, status, header, body, envelope, Clock.systemUTC());
  }

  /**
   * Maps a non-2xx HTTP response: the envelope's type and message, else the status' default type
   * and a snippet of the body; retryable statuses carry the delay of the headers, else the body's.
   */
  public static ProviderException fromHttp(
      String provider,
      int status,
      Function<String, String> header,
      byte[] body,
      EnvelopeReader envelope,
      Clock clock) {
    String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
    ErrorInfo info = read(envelope, JsonSupport.tryReadValue(text));
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
      Duration delay = retryAfter(header, clock);
      if (delay == null && info != null) {
        delay = info.retryDelay();
      }
      return new RetryableProviderException(provider, status, type, message, delay, null);
    }
    return new NonRetryableProviderException(provider, status, type, message, null);
  }

  private static ErrorInfo read(EnvelopeReader envelope, JsonValue json) {
    return json == null ? null : envelope.read(json);
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
   * A stream chunk for an error reported inside a 200 stream (or a 2xx body).
   *
   * @param info what the envelope says, null when there is none
   * @param payload the JSON text carrying the error, whose snippet is the message when the envelope
   *     gives none
   * @param fallbackType the type when the envelope names none
   */
  public static StreamChunk.ProviderError streamError(
      ErrorInfo info, String payload, String fallbackType) {
    if (info == null) {
      return streamError(payload, fallbackType);
    }
    int status = info.code() >= 100 && info.code() <= 599 ? info.code() : 0;
    String message = info.message() == null ? snippet(payload) : info.message();
    return new StreamChunk.ProviderError(
        status, info.type() == null ? fallbackType : info.type(), message);
  }

  /**
   * A stream chunk for text that is not what the protocol promised: the envelope when the text is
   * JSON holding one, else a trimmed snippet of the text as message.
   */
  public static StreamChunk.ProviderError streamError(
      String rawText, String fallbackType, EnvelopeReader envelope) {
    JsonValue json = JsonSupport.tryReadValue(rawText);
    ErrorInfo info = read(envelope, json);
    return info == null
        ? streamError(rawText, fallbackType)
        : streamError(info, json.toString(), fallbackType);
  }

  /** A stream chunk for an error with no envelope: a trimmed snippet of the text as message. */
  public static StreamChunk.ProviderError streamError(String rawText, String fallbackType) {
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
   * The delay the response headers ask for: {@code retry-after-ms}, then {@code Retry-After}
   * (seconds or HTTP-date). Null when none.
   */
  public static Duration retryAfter(Function<String, String> header, Clock clock) {
    if (header == null) {
      return null;
    }
    Duration d = parseMillis(header.apply("retry-after-ms"));
    return d != null ? d : parseRetryAfter(header.apply("retry-after"), clock);
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

  /** A non-negative decimal number of seconds ({@code 1.5}), null when it is not one. */
  public static Duration parseSeconds(String v) {
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
}
