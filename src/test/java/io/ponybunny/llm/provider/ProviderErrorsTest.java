package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.NonRetryableProviderException;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The provider-neutral mapping: status classes, retry headers, snippets, and how an envelope's
 * reading (a fake {@link ProviderErrors.EnvelopeReader} here; each provider package tests its own)
 * becomes the exception or stream chunk.
 */
class ProviderErrorsTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

  private static Function<String, String> headers(Map<String, String> map) {
    return name -> {
      for (Map.Entry<String, String> e : map.entrySet()) {
        if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
          return e.getValue();
        }
      }
      return null;
    };
  }

  /** Reads {@code {"t": type, "m": message, "code": n, "delay": seconds}}. */
  static ProviderErrors.ErrorInfo fake(JsonValue body) {
    if (!(body instanceof JsonObject o) || !o.containsKey("t")) {
      return null;
    }
    Integer code = JsonSupport.integer(o, "code");
    Integer delay = JsonSupport.integer(o, "delay");
    return new ProviderErrors.ErrorInfo(
        code == null ? 0 : code,
        JsonSupport.str(o, "t"),
        JsonSupport.str(o, "m"),
        delay == null ? null : Duration.ofSeconds(delay));
  }

  private static ProviderException map(int status, Map<String, String> h, String body) {
    return ProviderErrors.fromHttp(
        "p",
        status,
        headers(h),
        body.getBytes(StandardCharsets.UTF_8),
        ProviderErrorsTest::fake,
        CLOCK);
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 409, 429, 500, 502, 503, 504, 529, 520, 599})
  void retryableStatuses(int status) {
    ProviderException e = map(status, Map.of(), "");
    assertInstanceOf(RetryableProviderException.class, e);
    assertTrue(e.retryable());
    assertEquals(status, e.status());
    assertEquals("p", e.provider());
    assertEquals("HTTP " + status, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 402, 403, 404, 413, 422, 418, 451, 302})
  void nonRetryableStatuses(int status) {
    ProviderException e = map(status, Map.of("Retry-After", "5"), "");
    assertInstanceOf(NonRetryableProviderException.class, e);
    assertFalse(e.retryable());
  }

  @Test
  void theEnvelopeGivesTypeAndMessageElseTheStatusAndASnippet() {
    ProviderException e = map(400, Map.of(), "{\"t\":\"bad_temp\",\"m\":\"Bad temp\"}");
    assertEquals("bad_temp", e.errorType());
    assertEquals("Bad temp", e.getMessage());
    assertEquals("p 400 bad_temp: Bad temp", e.describe());
    ProviderException noMessage = map(404, Map.of(), "{\"t\":\"gone\"}");
    assertEquals("gone", noMessage.errorType());
    assertEquals("{\"t\":\"gone\"}", noMessage.getMessage());
    ProviderException noEnvelope = map(404, Map.of(), "{\"other\":1}");
    assertEquals("not_found", noEnvelope.errorType());
    assertEquals("{\"other\":1}", noEnvelope.getMessage());
  }

  @Test
  void theBodysDelayCountsWhenNoHeaderGivesOne() {
    String body = "{\"t\":\"slow\",\"delay\":9}";
    assertEquals(
        Duration.ofSeconds(9),
        ((RetryableProviderException) map(429, Map.of(), body)).retryAfter());
    assertEquals(
        Duration.ofSeconds(2),
        ((RetryableProviderException) map(429, Map.of("Retry-After", "2"), body)).retryAfter());
  }

  @Test
  void retryAfterSeconds() {
    RetryableProviderException e =
        (RetryableProviderException) map(429, Map.of("Retry-After", "7"), "");
    assertEquals(Duration.ofSeconds(7), e.retryAfter());
  }

  @Test
  void retryAfterMsWinsOverRetryAfter() {
    RetryableProviderException e =
        (RetryableProviderException)
            map(429, Map.of("retry-after-ms", "250", "retry-after", "7"), "");
    assertEquals(Duration.ofMillis(250), e.retryAfter());
  }

  @Test
  void retryAfterHttpDate() {
    RetryableProviderException e =
        (RetryableProviderException)
            map(503, Map.of("Retry-After", "Wed, 01 Jan 2025 00:00:30 GMT"), "");
    assertEquals(Duration.ofSeconds(30), e.retryAfter());
    RetryableProviderException past =
        (RetryableProviderException)
            map(503, Map.of("Retry-After", "Tue, 31 Dec 2024 23:00:00 GMT"), "");
    assertEquals(Duration.ZERO, past.retryAfter());
  }

  @Test
  void invalidRetryHeadersAreIgnored() {
    RetryableProviderException e =
        (RetryableProviderException)
            map(429, Map.of("Retry-After", "soon", "retry-after-ms", "5d"), "");
    assertNull(e.retryAfter());
  }

  @Test
  void nonJsonBodyBecomesTrimmedSnippet() {
    String html = "  <html>\n<body>Bad   gateway</body></html>\n";
    assertEquals("<html> <body>Bad gateway</body></html>", map(502, Map.of(), html).getMessage());
    String big = "x".repeat(2000);
    String message = map(500, Map.of(), big).getMessage();
    assertTrue(message.length() <= ProviderErrors.MAX_SNIPPET + 3, "length " + message.length());
  }

  @Test
  void headerValuesNeverReachTheMessage() {
    ProviderException e =
        map(401, Map.of("x-api-key", "sk-secret", "Authorization", "Bearer sk-secret"), "");
    assertFalse(e.getMessage().contains("sk-secret"));
    assertFalse(e.describe().contains("sk-secret"));
  }

  @Test
  void streamErrorCarriesStatusTypeAndMessage() {
    StreamChunk.ProviderError e =
        ProviderErrors.streamError(
            "{\"t\":\"CANCELLED\",\"m\":\"cancelled\",\"code\":499}",
            "x",
            ProviderErrorsTest::fake);
    assertEquals(new StreamChunk.ProviderError(499, "CANCELLED", "cancelled"), e);
    assertEquals(
        new StreamChunk.ProviderError(0, "fallback", "{\"t\":null,\"code\":7}"),
        ProviderErrors.streamError(
            "{\"t\":null, \"code\":7}", "fallback", ProviderErrorsTest::fake));
    assertEquals(
        new StreamChunk.ProviderError(0, "invalid_stream", "not json"),
        ProviderErrors.streamError("not json", "invalid_stream", ProviderErrorsTest::fake));
    assertEquals(
        new StreamChunk.ProviderError(0, "blank", "blank"),
        ProviderErrors.streamError("  ", "blank", ProviderErrorsTest::fake));
  }
}
