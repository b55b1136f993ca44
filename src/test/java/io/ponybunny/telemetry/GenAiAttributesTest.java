package io.ponybunny.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.common.Attributes;
import io.ponybunny.event.StreamOrigin;
import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.NonRetryableProviderException;
import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.call.CallObserver.CallStart;
import io.ponybunny.llm.routing.EndpointConfig;
import io.ponybunny.llm.routing.Route;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How calls, routes and outcomes map onto the GenAI conventions' attributes, without a server. */
class GenAiAttributesTest {

  static Route route(String id, String protocol, String baseUrl, String model) {
    return new Route(
        new EndpointConfig(
            id,
            protocol,
            baseUrl,
            null,
            true,
            false,
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            0),
        model);
  }

  @ParameterizedTest(name = "{0} at {1} is {2}")
  @CsvSource({
    "openai, https://api.openai.com/v1, openai",
    "openai-responses, https://api.openai.com/v1, openai",
    "anthropic, https://api.anthropic.com, anthropic",
    "gemini, https://generativelanguage.googleapis.com, gcp.gemini",
    "gemini-json-array, https://generativelanguage.googleapis.com, gcp.gemini",
    "ollama, http://localhost:11434, ollama",
    "openai, http://localhost:9080/sim/openai/v1, openai",
    "openai, https://api.deepseek.com/v1, deepseek",
    "openai, https://api.groq.com/openai/v1, groq",
    "openai, https://API.MISTRAL.AI/v1, mistral_ai",
    "openai, https://my-team.openai.azure.com/openai/v1, azure.ai.openai",
    "gemini, https://us-central1-aiplatform.googleapis.com, gcp.vertex_ai",
    "vllm, http://gpu-box:8000, vllm",
  })
  void theProviderNameComesFromAWellKnownHostElseFromTheProtocol(
      String protocol, String baseUrl, String expected) {
    assertEquals(expected, GenAiAttributes.providerName(protocol, baseUrl));
  }

  @Test
  void aRouteNamesProviderModelEndpointAndServerWithTheSchemesDefaultPort() {
    Attributes https =
        GenAiAttributes.route(
            route("openai", "openai", "https://api.openai.com/v1", "gpt-4o-mini"));
    assertEquals("openai", https.get(GenAiAttributes.PROVIDER_NAME));
    assertEquals("gpt-4o-mini", https.get(GenAiAttributes.REQUEST_MODEL));
    assertEquals("openai", https.get(GenAiAttributes.ENDPOINT));
    assertEquals("api.openai.com", https.get(GenAiAttributes.SERVER_ADDRESS));
    assertEquals(443L, https.get(GenAiAttributes.SERVER_PORT));

    Attributes local =
        GenAiAttributes.route(route("ollama", "ollama", "http://localhost:11434", "llama3.2"));
    assertEquals("localhost", local.get(GenAiAttributes.SERVER_ADDRESS));
    assertEquals(11434L, local.get(GenAiAttributes.SERVER_PORT));

    Attributes plain = GenAiAttributes.route(route("vllm", "openai", "http://gpu-box/v1", "qwen"));
    assertEquals(80L, plain.get(GenAiAttributes.SERVER_PORT));

    Attributes broken = GenAiAttributes.route(route("x", "openai", "not a url", "m"));
    assertNull(broken.get(GenAiAttributes.SERVER_ADDRESS));
    assertNull(broken.get(GenAiAttributes.SERVER_PORT));
  }

  @Test
  void aCallsRequestAttributesCarryItsIdsAndSamplingSettings() {
    LlmCompletionOptions options =
        LlmCompletionOptions.builder().stream(true)
            .origin(new StreamOrigin("g1", "w1", "r1"))
            .client("openai")
            .maxTokens(256)
            .temperature(0.2)
            .build();
    Attributes a =
        GenAiAttributes.request(
            new CallStart(
                "req_1",
                "fast",
                List.of(route("sim", "openai", "http://localhost:9080/sim/openai/v1", "m")),
                List.of(ChatMessage.user("hi")),
                options));
    assertEquals("chat", a.get(GenAiAttributes.OPERATION_NAME));
    assertEquals("req_1", a.get(GenAiAttributes.REQUEST_ID));
    assertEquals("fast", a.get(GenAiAttributes.MODEL));
    assertEquals(true, a.get(GenAiAttributes.REQUEST_STREAM));
    assertEquals("g1", a.get(GenAiAttributes.GOAL_ID));
    assertEquals("w1", a.get(GenAiAttributes.WORK_ITEM_ID));
    assertEquals("r1", a.get(GenAiAttributes.RUN_ID));
    assertEquals("openai", a.get(GenAiAttributes.CLIENT));
    assertEquals(256L, a.get(GenAiAttributes.REQUEST_MAX_TOKENS));
    assertEquals(0.2, a.get(GenAiAttributes.REQUEST_TEMPERATURE));

    Attributes bare =
        GenAiAttributes.request(
            new CallStart(
                "req_2",
                "medium",
                List.of(route("sim", "openai", "http://localhost:9080/sim/openai/v1", "m")),
                List.of(ChatMessage.user("hi")),
                LlmCompletionOptions.builder().build()));
    assertEquals(false, bare.get(GenAiAttributes.REQUEST_STREAM));
    assertNull(bare.get(GenAiAttributes.GOAL_ID));
    assertNull(bare.get(GenAiAttributes.CLIENT));
    assertNull(bare.get(GenAiAttributes.REQUEST_MAX_TOKENS));
    assertNull(bare.get(GenAiAttributes.REQUEST_TEMPERATURE));
  }

  @Test
  void anOutcomeGivesFinishReasonAndTheUsageReported() {
    Attributes done =
        GenAiAttributes.outcome(
            new LlmResponse(
                "hello",
                null,
                List.of(),
                new TokenUsage(12, 3),
                FinishReason.TOOL_CALLS,
                "tool_calls",
                null),
            null);
    assertEquals(List.of("tool_calls"), done.get(GenAiAttributes.RESPONSE_FINISH_REASONS));
    assertEquals(12L, done.get(GenAiAttributes.USAGE_INPUT_TOKENS));
    assertEquals(3L, done.get(GenAiAttributes.USAGE_OUTPUT_TOKENS));
    assertNull(done.get(GenAiAttributes.ERROR_TYPE));

    Attributes noUsage =
        GenAiAttributes.outcome(
            new LlmResponse(
                "", null, List.of(), TokenUsage.NONE, FinishReason.CANCELLED, null, null),
            null);
    assertEquals(List.of("cancelled"), noUsage.get(GenAiAttributes.RESPONSE_FINISH_REASONS));
    assertNull(noUsage.get(GenAiAttributes.USAGE_INPUT_TOKENS));
  }

  @Test
  void aFailureIsTypedByTheProvidersErrorTypeElseByItsClass() {
    assertEquals(
        "rate_limit",
        GenAiAttributes.errorType(
            new RetryableProviderException("openai", 429, "rate_limit", "slow down", null, null)));
    assertEquals(
        "first_token_timeout",
        GenAiAttributes.errorType(
            new CompletionException(
                new RetryableProviderException(
                    "openai", 0, "first_token_timeout", "no first token", null, null))));
    assertEquals(
        "java.lang.IllegalStateException",
        GenAiAttributes.errorType(new IllegalStateException("boom")));
    assertNull(GenAiAttributes.errorType(null));
    Attributes failed =
        GenAiAttributes.outcome(
            null, new NonRetryableProviderException("anthropic", 400, "bad_request", "no", null));
    assertEquals("bad_request", failed.get(GenAiAttributes.ERROR_TYPE));
    assertNull(failed.get(GenAiAttributes.RESPONSE_FINISH_REASONS));
  }

  @Test
  void metricAttributesHaveNoIdsAndTheErrorTypeOnlyWhenGiven() {
    Route r = route("anthropic", "anthropic", "https://api.anthropic.com", "claude-haiku-4-5");
    Attributes ok = GenAiAttributes.metric(r, null);
    assertEquals(
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, "chat")
            .put(GenAiAttributes.PROVIDER_NAME, "anthropic")
            .put(GenAiAttributes.REQUEST_MODEL, "claude-haiku-4-5")
            .put(GenAiAttributes.SERVER_ADDRESS, "api.anthropic.com")
            .put(GenAiAttributes.SERVER_PORT, 443L)
            .build(),
        ok);
    assertEquals(
        "overloaded", GenAiAttributes.metric(r, "overloaded").get(GenAiAttributes.ERROR_TYPE));
  }

  @Test
  void theSpanNameIsTheOperationAndTheModel() {
    assertEquals("chat gpt-4o-mini", GenAiAttributes.spanName("gpt-4o-mini"));
    assertEquals("chat", GenAiAttributes.spanName(null));
  }
}
