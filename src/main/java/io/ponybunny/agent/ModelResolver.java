package io.ponybunny.agent;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Which model a goal's LLM calls use: the goal's own {@code model} if set, else the tier's
 * configured {@code ponybunny.tier.<tier>.primary}, else null (the provider manager's default).
 */
@ApplicationScoped
public class ModelResolver {

  private final Function<String, Optional<String>> config;

  /** The CDI constructor: reads MicroProfile Config at each call (tiers may change). */
  public ModelResolver() {
    this(key -> ConfigProvider.getConfig().getOptionalValue(key, String.class));
  }

  public ModelResolver(Function<String, Optional<String>> config) {
    this.config = config;
  }

  /** The model for a goal, or null for the default model. */
  public String resolve(String goalModel, String tier) {
    if (goalModel != null && !goalModel.isBlank()) {
      return goalModel.trim();
    }
    if (tier != null && !tier.isBlank()) {
      return config
          .apply("ponybunny.tier." + tier + ".primary")
          .filter(s -> !s.isBlank())
          .map(String::trim)
          .orElse(null);
    }
    return null;
  }
}
