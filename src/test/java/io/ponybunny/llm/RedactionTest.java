package io.ponybunny.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "openai masked 401 | Incorrect API key provided: sk-abc***...xyz. You can find it"
            + " | Incorrect API key provided: [redacted]. You can find it",
        "openai project key | key sk-proj-AbC123dEf456_gh-789 is invalid | key [redacted] is invalid",
        "anthropic key | x-api-key sk-ant-api03-AAAbbb111-ccc was rejected"
            + " | x-api-key [redacted] was rejected",
        "google key | API key not valid: AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW."
            + " | API key not valid: [redacted].",
        "ponybunny key | caller pb_7f3kQ9xZ2mLp used | caller [redacted] used",
        "bearer token | header Authorization: Bearer eyJhbGciOi.x.y failed"
            + " | header Authorization: Bearer [redacted] failed",
        "hex run | token 0123456789abcdef0123456789abcdef expired | token [redacted] expired",
        "base64 run | secret QWxhZGRpbjpPcGVuU2VzYW1lMTIzNDU2Nzg5MA== leaked"
            + " | secret [redacted] leaked",
      })
  void keyLikeTokensAreRedacted(String name, String input, String expected) {
    assertEquals(expected, Redaction.redact(input));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "model names | The model `claude-3-5-sonnet-20241022-extended-preview` does not exist",
        "gemini model | models/gemini-2.5-flash-preview-05-20 is not found for API version v1beta",
        "plain words | Rate limit reached for requests; please retry after 20s",
        "task ids | task-12345 and desk-top stay",
        "short hex | request 0a1b2c3d failed",
      })
  void ordinaryTextStays(String name, String input) {
    assertEquals(input, Redaction.redact(input));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "401 openai | {\"error\":{\"message\":\"Incorrect API key provided: sk-abc***...xyz.\","
            + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}",
        "raw body | <html>bad key AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW</html>",
        "type | {\"error\":{\"message\":\"no\",\"type\":\"pb_secretSecret99\"}}",
      })
  void providerExceptionsNeverKeepAKey(String name, String body) {
    ProviderException e =
        ProviderErrors.fromHttp("openai", 401, h -> null, body.getBytes(StandardCharsets.UTF_8));
    for (String text : new String[] {e.getMessage(), e.describe(), e.errorType()}) {
      assertFalse(text.contains("sk-abc"), text);
      assertFalse(text.contains("AIzaSy"), text);
      assertFalse(text.contains("pb_secret"), text);
    }
    assertTrue(e.describe().contains(Redaction.MARK), e.describe());
    ProviderException moved = e.withProvider("other");
    assertEquals(e.getMessage(), moved.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"retryable | true", "non-retryable | false"})
  void bothKindsRedactTheirMessage(String name, boolean retryable) {
    String message = "Bearer pb_abcdefgh1234 and sk-ant-api03-XYZxyz123";
    ProviderException e =
        retryable
            ? new RetryableProviderException("p", 500, "t", message, null, null)
            : new NonRetryableProviderException("p", 401, "t", message, null);
    assertEquals("Bearer [redacted] and [redacted]", e.getMessage());
  }
}
