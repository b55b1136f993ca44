package io.ponybunny.llm.provider.openai;

import static io.ponybunny.llm.provider.AdapterTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.ProviderErrors.ErrorInfo;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The OpenAI error envelope and the variants the servers speaking its protocols send. */
class OpenAiErrorTest {

  private static ErrorInfo read(String json) {
    return OpenAiError.read(JsonSupport.readValue(json));
  }

  private static ProviderException http(int status, String body) {
    return new OpenAiAdapter().parseError(status, h -> null, utf8(body));
  }

  @Test
  void openAiEnvelope() {
    ProviderException e =
        http(
            400,
            "{\"error\":{\"message\":\"Bad temp\",\"type\":\"invalid_request_error\","
                + "\"param\":\"temperature\",\"code\":\"decimal_below_min_value\"}}");
    assertEquals("invalid_request_error", e.errorType());
    assertEquals("Bad temp", e.getMessage());
    assertEquals("openai 400 invalid_request_error: Bad temp", e.describe());
  }

  @Test
  void aStringCodeNamesTheTypeWhenTheTypeIsNull() {
    ProviderException e =
        http(429, "{\"error\":{\"message\":\"Slow\",\"type\":null,\"code\":\"rate_limit\"}}");
    assertEquals("rate_limit", e.errorType());
  }

  @Test
  void aNumericCodeIsTheStatusOfAStreamError() {
    assertEquals(
        new ErrorInfo(502, null, "Upstream down", null),
        read("{\"error\":{\"code\":502,\"message\":\"Upstream down\"}}"));
    assertEquals(
        new StreamChunk.ProviderError(400, "error", "Token limit reached"),
        OpenAiError.streamError(
            (JsonObject)
                JsonSupport.readValue(
                    "{\"error\":{\"code\":400,\"message\":\"Token limit reached\"}}"),
            "error"));
  }

  @Test
  void stringFlatAndDetailEnvelopes() {
    assertEquals(
        "model 'x' not found", http(404, "{\"error\":\"model 'x' not found\"}").getMessage());
    ProviderException vllm =
        http(
            400,
            "{\"object\":\"error\",\"message\":\"too long\",\"type\":\"BadRequestError\",\"code\":400}");
    assertEquals("too long", vllm.getMessage());
    assertEquals("BadRequestError", vllm.errorType());
    assertEquals("Not Found", http(404, "{\"detail\":\"Not Found\"}").getMessage());
    assertNull(read("{\"id\":\"chatcmpl-1\",\"choices\":[]}"));
    assertNull(read("[1,2]"));
  }

  @Test
  void geminisOpenAiEndpointAnswersInGeminisEnvelope() {
    ProviderException e =
        http(
            429,
            "[{\"error\":{\"code\":429,\"message\":\"Quota\",\"status\":\"RESOURCE_EXHAUSTED\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
                + "\"retryDelay\":\"3s\"}]}}]");
    RetryableProviderException r = assertInstanceOf(RetryableProviderException.class, e);
    assertEquals("RESOURCE_EXHAUSTED", r.errorType());
    assertEquals("Quota", r.getMessage());
    assertEquals(Duration.ofSeconds(3), r.retryAfter());
  }

  @Test
  void responsesErrorEventsCarryTheirCodeOrAnEnvelope() {
    assertEquals(
        new StreamChunk.ProviderError(0, "rate_limit_exceeded", "Slow down"),
        OpenAiError.responsesErrorEvent(
            (JsonObject)
                JsonSupport.readValue(
                    "{\"type\":\"error\",\"code\":\"rate_limit_exceeded\",\"message\":\"Slow down\","
                        + "\"param\":null}")));
    assertEquals(
        new StreamChunk.ProviderError(0, "error", "error event"),
        OpenAiError.responsesErrorEvent(
            (JsonObject) JsonSupport.readValue("{\"type\":\"error\"}")));
    assertEquals(
        new StreamChunk.ProviderError(0, "server_error", "boom"),
        OpenAiError.responsesErrorEvent(
            (JsonObject)
                JsonSupport.readValue(
                    "{\"type\":\"error\",\"error\":{\"type\":\"server_error\",\"message\":\"boom\"}}")));
    assertEquals(
        new StreamChunk.ProviderError(0, "server_error", "boom"),
        OpenAiError.responseFailed(
            (JsonObject)
                JsonSupport.readValue("{\"code\":\"server_error\",\"message\":\"boom\"}")));
  }
}
