package io.ponybunny.llm.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.InvalidModelException;
import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.UnknownModelException;
import io.ponybunny.llm.http.HttpCall;
import io.ponybunny.llm.provider.EndpointTarget;
import io.ponybunny.llm.provider.ModelGrammar;
import io.ponybunny.llm.provider.gemini.GeminiAdapter;
import io.ponybunny.llm.provider.openai.OpenAiAdapter;
import io.ponybunny.llm.routing.EndpointRegistry;
import io.ponybunny.llm.routing.ModelRouter;
import io.ponybunny.testing.MapConfig;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelGrammarTest {

  static Stream<String> hostile() {
    return Stream.of(
        "../../v1beta/files",
        "..",
        "a..b",
        "a/b",
        "a?key=x",
        "a#b",
        "%2e%2e",
        "a%2Fb",
        "a b",
        "a\tb",
        "a\nb",
        "gemini:countTokens",
        "modèle",
        "模型",
        "a\u202eb",
        "",
        "-leading-dash",
        ".hidden",
        "x".repeat(1000));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void hostileGeminiModelsAreRefusedBeforeAnyRequestIsBuilt(String model) {
    GeminiAdapter gemini = new GeminiAdapter();
    EndpointTarget target =
        new EndpointTarget("g", "https://generativelanguage.googleapis.com", "k");
    LlmRequest request =
        new LlmRequest(model, List.of(new ChatMessage("user", "hi")), null, null, List.of());
    assertThrows(InvalidModelException.class, () -> gemini.checkModel("g", model));
    assertThrows(InvalidModelException.class, () -> gemini.buildRequest(target, request, true));
    assertThrows(InvalidModelException.class, () -> gemini.checkModel("g", "models/" + model));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gemini-2.5-flash",
        "models/gemini-2.5-pro",
        "gemini-1.5-pro-001",
        "learnlm-1.5-pro-experimental",
        "m~tps=0~finish=length",
        "m~tps=0~error-after-chunks=4"
      })
  void geminiModelsStayInTheirPathSegment(String model) {
    GeminiAdapter gemini = new GeminiAdapter();
    EndpointTarget target =
        new EndpointTarget("g", "https://generativelanguage.googleapis.com", "k");
    HttpCall call =
        gemini.buildRequest(
            target,
            new LlmRequest(model, List.of(new ChatMessage("user", "hi")), null, null, List.of()),
            true);
    URI uri = call.uri();
    assertEquals("generativelanguage.googleapis.com", uri.getHost());
    String name = model.startsWith("models/") ? model.substring(7) : model;
    assertEquals("/v1beta/models/" + name + ":streamGenerateContent", uri.getRawPath());
    assertEquals("alt=sse", uri.getRawQuery());
    assertEquals(null, uri.getRawFragment());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gpt-4o-mini",
        "ft:gpt-4o-mini-2024-07-18:my-org:custom:9abc",
        "claude-sonnet-4-5",
        "qwen3:8b",
        "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M",
        "meta-llama/Llama-3.1-8B-Instruct",
        "m~tps=0~tool=calculator~args=%7B%22expression%22%3A%2217*23%22%7D",
        "x~text=Hello%20w%C3%B6rld+again~tps=0"
      })
  void bodyModelsAcceptProviderIdsAndSimulatorScenarios(String model) {
    assertTrue(ModelGrammar.JSON_BODY.accepts(model), model);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " gpt", "gpt 4", "a\"b", "a\\b", "a\nb", "<script>", "模型"})
  void bodyModelsRefuseWhitespaceQuotesAndControlCharacters(String model) {
    assertFalse(ModelGrammar.JSON_BODY.accepts(model), model);
    assertFalse(ModelGrammar.JSON_BODY.accepts("x".repeat(257)));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void theManagerRefusesAHostileDirectModelAsAClientError(String model) {
    MapConfig config = MapConfig.shippedDefaultsWith(Map.of("GEMINI_API_KEY", "k-gemini"));
    ModelRouter router = new ModelRouter(new EndpointRegistry(config), config);
    ProviderManager manager =
        new ProviderManager(
            router,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(new OpenAiAdapter(), new GeminiAdapter()));
    UnknownModelException e =
        assertThrows(UnknownModelException.class, () -> manager.routes("gemini/" + model));
    assertTrue(e.getMessage().length() < 400, "the message quotes a bounded part of the name");
    assertEquals(1, manager.routes("gemini/gemini-2.5-flash").size());
  }
}
