package io.ponybunny.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Which API a {@code /v1} request speaks, and the error envelope each answers with: what decides
 * which exception an official SDK raises.
 */
class ClientApiTest {

  @Test
  void messagesAndAnyRequestWithAnAnthropicVersionSpeakAnthropic() {
    assertEquals(ClientApi.ANTHROPIC, ClientApi.of("/v1/messages", null));
    assertEquals(ClientApi.ANTHROPIC, ClientApi.of("/v1/models", "2023-06-01"));
    assertEquals(ClientApi.OPENAI, ClientApi.of("/v1/models", null));
    assertEquals(ClientApi.OPENAI, ClientApi.of("/v1/chat/completions", null));
  }

  @Test
  void openAiErrorsCarryTheTypeAndCodeOfTheirStatus() {
    JsonObject e = read(ClientApi.OPENAI.errorBody(429, "slow down")).getJsonObject("error");
    assertEquals("slow down", e.getString("message"));
    assertEquals("rate_limit_error", e.getString("type"));
    assertEquals("rate_limit_exceeded", e.getString("code"));
    assertEquals(
        "invalid_api_key",
        read(ClientApi.OPENAI.errorBody(401, "no")).getJsonObject("error").getString("code"));
  }

  @Test
  void anthropicErrorsAreTypedErrorEventsWithTheTypeOfTheirStatus() {
    JsonObject body = read(ClientApi.ANTHROPIC.errorBody(404, "no such model"));
    assertEquals("error", body.getString("type"));
    assertEquals("not_found_error", body.getJsonObject("error").getString("type"));
    assertEquals("no such model", body.getJsonObject("error").getString("message"));
    assertEquals(
        "overloaded_error",
        read(ClientApi.ANTHROPIC.errorBody(503, "full")).getJsonObject("error").getString("type"));
  }

  @Test
  void aProblemGivesItsDetailAsTheMessage() {
    assertEquals(
        "The body is over 1 MiB.",
        IngressErrorFilter.message(
            "{\"type\":\"about:blank\",\"title\":\"Payload Too Large\",\"status\":413,"
                + "\"detail\":\"The body is over 1 MiB.\"}"));
    assertEquals("Forbidden", IngressErrorFilter.message("{\"title\":\"Forbidden\"}"));
  }

  private static JsonObject read(String json) {
    return JsonSupport.readValue(json).asJsonObject();
  }
}
