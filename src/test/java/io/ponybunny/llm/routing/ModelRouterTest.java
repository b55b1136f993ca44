package io.ponybunny.llm.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.UnknownModelException;
import io.ponybunny.testing.MapConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelRouterTest {

  private static ModelRouter router(Map<String, String> overrides) {
    MapConfig config = MapConfig.shippedDefaultsWith(overrides);
    return new ModelRouter(new EndpointRegistry(config), config);
  }

  private static List<String> labels(List<Route> routes) {
    return routes.stream().map(Route::label).toList();
  }

  @Test
  void freshStartRoutesEveryTierAndTheDefaultToTheSimulator() {
    ModelRouter r = router(Map.of());
    assertEquals(List.of("sim/fast"), labels(r.routes("simple")));
    assertEquals(List.of("sim/balanced"), labels(r.routes("medium")));
    assertEquals(List.of("sim/smart", "sim/balanced"), labels(r.routes("complex")));
    assertEquals(List.of("sim/balanced"), labels(r.routes(null)));
    assertEquals(List.of("sim/balanced"), labels(r.routes("tier:medium")));
  }

  @Test
  void aKeyEnablesItsEndpointInFrontOfTheSimulator() {
    ModelRouter r = router(Map.of("OPENAI_API_KEY", "k-openai"));
    assertEquals(List.of("openai/gpt-4o-mini", "sim/fast"), labels(r.routes("simple")));
    assertEquals(List.of("openai/gpt-4.1", "sim/balanced"), labels(r.routes("medium")));
  }

  @Test
  void endpointSlashModelAddressesOneEndpointDirectly() {
    ModelRouter r = router(Map.of());
    assertEquals(List.of("ollama/llama3.2"), labels(r.routes("ollama/llama3.2")));
    assertEquals(List.of("sim/x~tps=0"), labels(r.routes("sim/x~tps=0")));
    Route direct = r.route("ollama/qwen3:8b");
    assertEquals("ollama", direct.protocol());
    assertEquals("qwen3:8b", direct.model());
  }

  @Test
  void disabledEndpointsAreRefusedWithTheReason() {
    ModelRouter r = router(Map.of("ponybunny.endpoint.sim.enabled", "false"));
    UnknownModelException e =
        assertThrows(UnknownModelException.class, () -> r.routes("openai/gpt-4o"));
    assertTrue(e.getMessage().contains("no API key configured"), e.getMessage());
    UnknownModelException off = assertThrows(UnknownModelException.class, () -> r.routes("sim/x"));
    assertTrue(off.getMessage().contains("disabled by configuration"), off.getMessage());
    assertThrows(UnknownModelException.class, () -> r.routes("medium"));
    assertThrows(UnknownModelException.class, () -> r.routes("nowhere/x"));
    assertThrows(UnknownModelException.class, () -> r.routes("gpt"));
  }

  @Test
  void switchingTheSimulatorOffTakesItsEndpointsOutOfRouting() {
    ModelRouter off = router(Map.of("ponybunny.simulator.enabled", "false"));
    UnknownModelException e = assertThrows(UnknownModelException.class, () -> off.routes("medium"));
    assertTrue(e.getMessage().contains("endpoint 'sim' disabled by configuration"), e.getMessage());
    ModelRouter withKey =
        router(Map.of("ponybunny.simulator.enabled", "false", "OPENAI_API_KEY", "k"));
    assertEquals(List.of("openai/gpt-4.1"), labels(withKey.routes("medium")));
  }

  @Test
  void agentsUseTheirModelOrTier() {
    ModelRouter r =
        router(
            Map.of(
                "ponybunny.agent.coder.model", "sim/coder",
                "ponybunny.agent.planner.tier", "complex"));
    assertEquals("sim/coder", r.modelForAgent("coder"));
    assertEquals(
        List.of("sim/smart", "sim/balanced"), labels(r.routes(r.modelForAgent("planner"))));
    assertEquals(null, r.modelForAgent("unknown"));
  }

  @Test
  void configuredModelsListEndpointsWithProviderModelsAndDeduplicate() {
    ModelRouter r =
        router(
            Map.of(
                "ponybunny.model.mine.endpoints", "sim-anthropic/claude-x, sim, sim",
                "ponybunny.tier.medium.fallback", "mine"));
    assertEquals(List.of("sim-anthropic/claude-x", "sim/mine"), labels(r.routes("mine")));
    assertEquals(
        List.of("sim/balanced", "sim-anthropic/claude-x", "sim/mine"), labels(r.routes("medium")));
  }
}
