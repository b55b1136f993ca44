package io.ponybunny.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.testing.MapConfig;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PricingTest {

  private static final TokenUsage MILLION_EACH = new TokenUsage(1_000_000, 1_000_000);

  @Test
  void aModelsOwnPriceWinsOverItsEndpointsAndAnUnpricedModelHasNoCost() {
    Pricing pricing =
        new Pricing(
            new MapConfig(
                Map.of(
                    "ponybunny.pricing.acme/big", "10,20",
                    "ponybunny.endpoint.acme.pricing", "1,2")));
    assertEquals(new BigDecimal("30.000000000"), pricing.cost("acme", "big", MILLION_EACH));
    assertEquals(new BigDecimal("3.000000000"), pricing.cost("acme", "small", MILLION_EACH));
    assertNull(pricing.cost("other", "big", MILLION_EACH), "never made up");
    assertNull(pricing.cost(null, "big", MILLION_EACH));
  }

  @Test
  void aPriceThatDoesNotParseCountsAsNone() {
    Pricing pricing =
        new Pricing(new MapConfig(Map.of("ponybunny.pricing.acme/big", "ten dollars")));
    assertTrue(pricing.price("acme", "big").isEmpty());
    assertNull(pricing.spend("acme", "big", MILLION_EACH).costUsd());
    assertEquals(2_000_000, pricing.spend("acme", "big", MILLION_EACH).tokens());
  }

  @Test
  void theShippedDefaultsPriceEveryModelTheDefaultModelsNameAndEverySimulatorEndpoint() {
    MapConfig shipped = MapConfig.shippedDefaultsWith(Map.of());
    Pricing pricing = new Pricing(shipped);
    for (String model : List.of("fast", "balanced", "smart")) {
      for (String ref :
          shipped.getValue("ponybunny.model." + model + ".endpoints", String.class).split(",")) {
        String[] parts = ref.split("/", 2);
        assertTrue(pricing.price(parts[0], parts[1]).isPresent(), "a price for " + ref);
      }
    }
    for (String sim :
        List.of(
            "sim",
            "sim-responses",
            "sim-anthropic",
            "sim-gemini",
            "sim-gemini-json",
            "sim-ollama")) {
      BigDecimal cost = pricing.cost(sim, "demo~tokens=5", MILLION_EACH);
      assertTrue(cost != null && cost.signum() > 0, sim + " has a demo price: " + cost);
    }
    assertTrue(pricing.price("ollama", "llama3.2").isEmpty(), "self-hosted: no price made up");
  }
}
