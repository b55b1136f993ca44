package io.ponybunny.llm.provider.gemini;

import static io.ponybunny.llm.provider.AdapterTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.ProviderErrors;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Gemini error envelope, bare or in an array, with its RetryInfo delay. */
class GeminiErrorTest {

  private static final String QUOTA =
      "{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\","
          + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\"},"
          + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1.5s\"}]}}";

  private static RetryableProviderException http(String body, String retryAfterHeader) {
    return (RetryableProviderException)
        new GeminiAdapter()
            .parseError(
                429, h -> h.equalsIgnoreCase("retry-after") ? retryAfterHeader : null, utf8(body));
  }

  @Test
  void geminiEnvelopeAndArrayAndRetryInfo() {
    for (String body : new String[] {QUOTA, "[" + QUOTA + "]"}) {
      RetryableProviderException e = http(body, null);
      assertEquals("gemini", e.provider());
      assertEquals("RESOURCE_EXHAUSTED", e.errorType());
      assertEquals("Quota exceeded", e.getMessage());
      assertEquals(Duration.ofMillis(1500), e.retryAfter());
    }
  }

  @Test
  void theRetryAfterHeaderWinsOverRetryInfo() {
    assertEquals(Duration.ofSeconds(4), http(QUOTA, "4").retryAfter());
  }

  @Test
  void aRetryDelayThatIsNotSecondsIsIgnored() {
    assertNull(http(QUOTA.replace("1.5s", "soon"), null).retryAfter());
    assertNull(http(QUOTA.replace("1.5s", "-2s"), null).retryAfter());
  }

  @Test
  void streamErrorCarriesStatusTypeAndMessage() {
    assertEquals(
        new StreamChunk.ProviderError(499, "CANCELLED", "cancelled"),
        ProviderErrors.streamError(
            "{\"error\":{\"code\":499,\"message\":\"cancelled\",\"status\":\"CANCELLED\"}}",
            "x",
            GeminiError::read));
  }

  @Test
  void itsShapeIsAnArrayOrAnErrorWithAStatus() {
    assertTrue(GeminiError.isGeminiEnvelope(JsonSupport.readValue("[" + QUOTA + "]")));
    assertTrue(GeminiError.isGeminiEnvelope(JsonSupport.readValue(QUOTA)));
    assertFalse(
        GeminiError.isGeminiEnvelope(
            JsonSupport.readValue("{\"error\":{\"message\":\"m\",\"type\":\"t\"}}")));
    assertNull(GeminiError.read(JsonSupport.readValue("{\"error\":\"text\"}")));
    assertNull(GeminiError.read(JsonSupport.readValue("[1]")));
  }
}
