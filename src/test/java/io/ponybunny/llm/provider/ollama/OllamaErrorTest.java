package io.ponybunny.llm.provider.ollama;

import static io.ponybunny.llm.provider.AdapterTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.ProviderErrors.ErrorInfo;
import org.junit.jupiter.api.Test;

/** The Ollama error envelope, {@code {"error":"text"}}, as a body and as a stream line. */
class OllamaErrorTest {

  private static ErrorInfo read(String json) {
    return OllamaError.read(JsonSupport.readValue(json));
  }

  @Test
  void theErrorTextIsTheMessage() {
    ProviderException e =
        new OllamaAdapter().parseError(404, h -> null, utf8("{\"error\":\"model 'x' not found\"}"));
    assertEquals("model 'x' not found", e.getMessage());
    assertEquals("not_found", e.errorType());
  }

  @Test
  void anObjectGivesItsMessageAndAnyOtherValueItsJson() {
    assertEquals(new ErrorInfo(0, null, "m", null), read("{\"error\":{\"message\":\"m\"}}"));
    assertEquals(new ErrorInfo(0, null, "42", null), read("{\"error\":42}"));
    assertNull(read("{\"error\":null,\"done\":true}"));
    assertNull(read("{\"done\":true}"));
  }

  @Test
  void aStreamErrorHasTypeError() {
    assertEquals(
        new StreamChunk.ProviderError(0, "error", "boom"),
        OllamaError.chunk(read("{\"error\":\"boom\"}")));
    assertEquals(
        new StreamChunk.ProviderError(0, "error", "error"),
        OllamaError.chunk(read("{\"error\":{}}")));
  }
}
