package io.ponybunny.llm.provider.anthropic;

import static io.ponybunny.llm.provider.AdapterTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The Anthropic error envelope, as a response body and as a stream's error event. */
class AnthropicErrorTest {

  private static final String OVERLOADED =
      "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},"
          + "\"request_id\":\"req_1\"}";

  private static JsonObject json(String text) {
    return (JsonObject) JsonSupport.readValue(text);
  }

  @Test
  void anthropicEnvelope() {
    ProviderException e = new AnthropicAdapter().parseError(529, h -> null, utf8(OVERLOADED));
    assertInstanceOf(RetryableProviderException.class, e);
    assertEquals("overloaded_error", e.errorType());
    assertEquals("Overloaded", e.getMessage());
  }

  @Test
  void aStreamErrorEventTakesTheStatusOfItsType() {
    assertEquals(
        new StreamChunk.ProviderError(529, "overloaded_error", "Overloaded"),
        AnthropicError.event(json(OVERLOADED)));
    assertEquals(
        new StreamChunk.ProviderError(0, "brand_new_error", "x"),
        AnthropicError.event(
            json(
                "{\"type\":\"error\",\"error\":{\"type\":\"brand_new_error\",\"message\":\"x\"}}")));
    assertEquals(
        new StreamChunk.ProviderError(0, "error", "{\"type\":\"error\"}"),
        AnthropicError.event(json("{\"type\":\"error\"}")));
  }

  @Test
  void anErrorInABodyHasNoStatus() {
    assertEquals(
        new StreamChunk.ProviderError(0, "overloaded_error", "Overloaded"),
        AnthropicError.inBody(json(OVERLOADED)));
  }

  @Test
  void otherShapesAreNoEnvelope() {
    assertNull(AnthropicError.read(JsonSupport.readValue("{\"error\":\"text\"}")));
    assertNull(AnthropicError.read(JsonSupport.readValue("[" + OVERLOADED + "]")));
    ProviderException e =
        new AnthropicAdapter().parseError(502, h -> null, utf8("<html>Bad gateway</html>"));
    assertEquals("server_error", e.errorType());
    assertEquals("<html>Bad gateway</html>", e.getMessage());
  }
}
