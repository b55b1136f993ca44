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

  private static ProviderException map(int status, Map<String, String> h, String body) {
    return ProviderErrors.fromHttp(
        "p", status, headers(h), body.getBytes(StandardCharsets.UTF_8), CLOCK);
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
  void openAiEnvelope() {
    ProviderException e =
        map(
            400,
            Map.of(),
            "{\"error\":{\"message\":\"Bad temp\",\"type\":\"invalid_request_error\","
                + "\"param\":\"temperature\",\"code\":\"decimal_below_min_value\"}}");
    assertEquals("invalid_request_error", e.errorType());
    assertEquals("Bad temp", e.getMessage());
    assertEquals("p 400 invalid_request_error: Bad temp", e.describe());
  }

  @Test
  void openAiEnvelopeWithOnlyCode() {
    ProviderException e =
        map(
            429,
            Map.of(),
            "{\"error\":{\"message\":\"Slow\",\"type\":null,\"code\":\"rate_limit\"}}");
    assertEquals("rate_limit", e.errorType());
  }

  @Test
  void anthropicEnvelope() {
    ProviderException e =
        map(
            529,
            Map.of(),
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},"
                + "\"request_id\":\"req_1\"}");
    assertInstanceOf(RetryableProviderException.class, e);
    assertEquals("overloaded_error", e.errorType());
    assertEquals("Overloaded", e.getMessage());
  }

  @Test
  void geminiEnvelopeAndArrayAndRetryInfo() {
    String error =
        "{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\","
            + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\"},"
            + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1.5s\"}]}}";
    for (String body : new String[] {error, "[" + error + "]"}) {
      RetryableProviderException e = (RetryableProviderException) map(429, Map.of(), body);
      assertEquals("RESOURCE_EXHAUSTED", e.errorType());
      assertEquals("Quota exceeded", e.getMessage());
      assertEquals(Duration.ofMillis(1500), e.retryAfter());
    }
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
  void flatAndStringEnvelopes() {
    assertEquals(
        "model 'x' not found",
        map(404, Map.of(), "{\"error\":\"model 'x' not found\"}").getMessage());
    ProviderException vllm =
        map(
            400,
            Map.of(),
            "{\"object\":\"error\",\"message\":\"too"
                + " long\",\"type\":\"BadRequestError\",\"code\":400}");
    assertEquals("too long", vllm.getMessage());
    assertEquals("BadRequestError", vllm.errorType());
  }

  @Test
  void streamErrorCarriesStatusTypeAndMessage() {
    StreamChunk.ProviderError e =
        ProviderErrors.streamError(
            "{\"error\":{\"code\":499,\"message\":\"cancelled\",\"status\":\"CANCELLED\"}}", "x");
    assertEquals(new StreamChunk.ProviderError(499, "CANCELLED", "cancelled"), e);
    assertEquals(
        new StreamChunk.ProviderError(0, "invalid_stream", "not json"),
        ProviderErrors.streamError("not json", "invalid_stream"));
  }
}
