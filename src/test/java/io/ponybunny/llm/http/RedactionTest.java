package io.ponybunny.llm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.NonRetryableProviderException;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.provider.openai.OpenAiAdapter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every key below is an obvious fake of the provider's shape; real keys come from the environment
 * only.
 */
class RedactionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "openai masked 401 | Incorrect API key provided: sk-abc***...xyz. You can find it"
            + " | Incorrect API key provided: [redacted]. You can find it",
        "openai project key | key sk-proj-FAKE-not-a-key is invalid | key [redacted] is invalid",
        "anthropic key | x-api-key sk-ant-FAKE-not-a-key was rejected"
            + " | x-api-key [redacted] was rejected",
        "google key | API key not valid: AIza-FAKE-not-a-key."
            + " | API key not valid: [redacted].",
        "ponybunny key | caller pb_FAKE_not_a_key used | caller [redacted] used",
        "bearer token | header Authorization: Bearer eyJhbGciOi.x.y failed"
            + " | header Authorization: Bearer [redacted] failed",
        "hex run | token 0123456789abcdef0123456789abcdef expired | token [redacted] expired",
        "base64 run | secret FAKEfakeFAKEfakeFAKEfakeFAKEfake00== leaked"
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
        "raw body | <html>bad key AIza-FAKE-not-a-key</html>",
        "type | {\"error\":{\"message\":\"no\",\"type\":\"pb_FAKE_secret\"}}",
      })
  void providerExceptionsNeverKeepAKey(String name, String body) {
    ProviderException e =
        new OpenAiAdapter().parseError(401, h -> null, body.getBytes(StandardCharsets.UTF_8));
    for (String text : new String[] {e.getMessage(), e.describe(), e.errorType()}) {
      assertFalse(text.contains("sk-abc"), text);
      assertFalse(text.contains("AIza-FAKE"), text);
      assertFalse(text.contains("pb_FAKE"), text);
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
    String message = "Bearer pb_FAKE_bearer and sk-ant-FAKE-second";
    ProviderException e =
        retryable
            ? new RetryableProviderException("p", 500, "t", message, null, null)
            : new NonRetryableProviderException("p", 401, "t", message, null);
    assertEquals("Bearer [redacted] and [redacted]", e.getMessage());
  }
}
