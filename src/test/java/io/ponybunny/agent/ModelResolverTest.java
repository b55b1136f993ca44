package io.ponybunny.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelResolverTest {

  private final ModelResolver resolver =
      new ModelResolver(
          key ->
              Optional.ofNullable(
                  Map.of("ponybunny.tier.complex.primary", "openai/gpt-4o").get(key)));

  @Test
  void goalModelWinsThenTierThenDefault() {
    assertEquals("sim/x", resolver.resolve("sim/x", "complex"));
    assertEquals("openai/gpt-4o", resolver.resolve(null, "complex"));
    assertNull(resolver.resolve(null, "simple"), "unconfigured tier: the default model");
    assertNull(resolver.resolve(" ", null));
  }
}
