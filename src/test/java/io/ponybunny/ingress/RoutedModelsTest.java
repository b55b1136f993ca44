package io.ponybunny.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.routing.EndpointRegistry;
import io.ponybunny.llm.routing.ModelRouter;
import io.ponybunny.testing.MapConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutedModelsTest {

  private static RoutedModels models(Map<String, String> overrides) {
    MapConfig config = MapConfig.shippedDefaultsWith(overrides);
    EndpointRegistry endpoints = new EndpointRegistry(config);
    return new RoutedModels(new ModelRouter(endpoints, config), endpoints, config);
  }

  private static List<String> ids(RoutedModels models) {
    return models.list().stream().map(RoutedModels.RoutedModel::id).toList();
  }

  @Test
  void aFreshStartListsTheTiersTheModelsAndTheSimulatorsNames() {
    assertEquals(
        List.of(
            "simple",
            "medium",
            "complex",
            "balanced",
            "fast",
            "smart",
            "sim/balanced",
            "sim/fast",
            "sim/smart"),
        ids(models(Map.of())));
  }

  @Test
  void aKeyAddsItsEndpointsNamesAndOwnersAndDisplayNamesFollowTheConfiguration() {
    RoutedModels models = models(Map.of("OPENAI_API_KEY", "k-openai"));
    List<String> ids = ids(models);
    assertTrue(ids.contains("openai/gpt-4o-mini"), ids.toString());
    assertTrue(ids.contains("openai/gpt-5"), ids.toString());
    assertTrue(ids.stream().noneMatch(id -> id.startsWith("anthropic/")), ids.toString());
    assertEquals(
        new RoutedModels.RoutedModel("openai/gpt-4o-mini", "openai/gpt-4o-mini", "openai"),
        models.find("openai/gpt-4o-mini").orElseThrow());
    assertEquals(
        new RoutedModels.RoutedModel("fast", "Fast", "ponybunny"),
        models.find("fast").orElseThrow());
  }

  @Test
  void aModelWhoseEndpointsAreAllUnusableIsNotListed() {
    RoutedModels models =
        models(
            Map.of(
                "ponybunny.model.lonely.endpoints", "anthropic/claude-x",
                "ponybunny.tier.simple.primary", "lonely"));
    List<String> ids = ids(models);
    assertTrue(!ids.contains("lonely") && !ids.contains("simple"), ids.toString());
    assertTrue(models.find("anthropic/claude-x").isEmpty());
  }
}
