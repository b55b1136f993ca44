package io.ponybunny.cost;

import io.ponybunny.llm.api.TokenUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The prices of MicroProfile Config, looked up per call by the endpoint and the model name the
 * provider was sent:
 *
 * <ol>
 *   <li>{@code ponybunny.pricing.<endpointId>/<model>}, e.g. {@code
 *       ponybunny.pricing.openai/gpt-4o-mini=0.15,0.60,0.075};
 *   <li>else {@code ponybunny.endpoint.<endpointId>.pricing}, the price of every model of that
 *       endpoint (the simulator's demo price, a self-hosted server's);
 *   <li>else none: the call's cost is unknown (null), never guessed.
 * </ol>
 *
 * Values are {@code input,output[,cachedInput]} in USD per million tokens ({@link Price#parse}); a
 * value that does not parse is logged once and counts as no price.
 */
@ApplicationScoped
public class Pricing {

  private static final Logger LOG = Logger.getLogger(Pricing.class.getName());

  @Inject Config config;

  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  public Pricing() {}

  /** For tests: prices from {@code config}. */
  public Pricing(Config config) {
    this.config = config;
  }

  /** The configuration key of a model's own price. */
  public static String modelKey(String endpointId, String model) {
    return "ponybunny.pricing." + endpointId + "/" + model;
  }

  /** The configuration key of the price of every model of an endpoint. */
  public static String endpointKey(String endpointId) {
    return "ponybunny.endpoint." + endpointId + ".pricing";
  }

  /** The price of {@code model} on {@code endpointId}, empty when none is configured. */
  public Optional<Price> price(String endpointId, String model) {
    if (endpointId == null) {
      return Optional.empty();
    }
    Optional<Price> own = model == null ? Optional.empty() : read(modelKey(endpointId, model));
    return own.isPresent() ? own : read(endpointKey(endpointId));
  }

  /** What {@code usage} of {@code model} on {@code endpointId} costs in USD; null when unknown. */
  public BigDecimal cost(String endpointId, String model, TokenUsage usage) {
    return price(endpointId, model).map(p -> p.cost(usage)).orElse(null);
  }

  /** The call's spend: its usage and, when its model has a price, their cost. */
  public Spend spend(String endpointId, String model, TokenUsage usage) {
    return new Spend(usage, cost(endpointId, model, usage));
  }

  private Optional<Price> read(String key) {
    Optional<String> value = config.getOptionalValue(key, String.class);
    if (value.isEmpty() || value.get().isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Price.parse(value.get()));
    } catch (IllegalArgumentException e) {
      if (warned.add(key)) {
        LOG.warning(key + " is ignored (no price, costs unknown): " + e.getMessage());
      }
      return Optional.empty();
    }
  }
}
