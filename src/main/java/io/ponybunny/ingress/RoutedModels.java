package io.ponybunny.ingress;

import io.ponybunny.llm.api.UnknownModelException;
import io.ponybunny.llm.routing.EndpointConfig;
import io.ponybunny.llm.routing.EndpointRegistry;
import io.ponybunny.llm.routing.ModelRouter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * The model names a client may send that PonyBunny can route right now, for the SDKs' model lists:
 * the tiers, the configured models, then each configured {@code <endpointId>/<model>} entry, each
 * listed once and only while at least one of its endpoints is usable (has its key, is enabled). Any
 * other {@code <endpointId>/<model>} of a usable endpoint routes too but cannot be listed.
 */
public final class RoutedModels {

  /**
   * One routable name.
   *
   * @param id the name to send as {@code model}
   * @param displayName a human name ({@code ponybunny.model.<name>.display-name} for models)
   * @param ownedBy {@code ponybunny} for tiers and models, the endpoint id for direct names
   */
  public record RoutedModel(String id, String displayName, String ownedBy) {}

  private final ModelRouter router;
  private final EndpointRegistry endpoints;
  private final Config config;

  public RoutedModels(ModelRouter router, EndpointRegistry endpoints, Config config) {
    this.router = router;
    this.endpoints = endpoints;
    this.config = config;
  }

  /** Every routable name, in the order described above. */
  public List<RoutedModel> list() {
    List<RoutedModel> result = new ArrayList<>();
    for (String tier : ModelRouter.TIERS) {
      if (routable(tier)) {
        result.add(new RoutedModel(tier, "PonyBunny " + tier + " tier", "ponybunny"));
      }
    }
    Set<String> direct = new LinkedHashSet<>();
    for (String name : router.modelNames()) {
      if (routable(name)) {
        result.add(new RoutedModel(name, displayName(name), "ponybunny"));
      }
      for (String entry : router.modelEndpoints(name)) {
        String ref = entry.indexOf('/') < 0 ? entry + "/" + name : entry;
        if (usable(ref.substring(0, ref.indexOf('/')))) {
          direct.add(ref);
        }
      }
    }
    for (String ref : direct) {
      result.add(new RoutedModel(ref, ref, ref.substring(0, ref.indexOf('/'))));
    }
    return result;
  }

  /** The listed name {@code id}, if it is one. */
  public Optional<RoutedModel> find(String id) {
    return list().stream().filter(m -> m.id().equals(id)).findFirst();
  }

  private boolean routable(String ref) {
    try {
      return !router.routes(ref).isEmpty();
    } catch (UnknownModelException e) {
      return false;
    }
  }

  private boolean usable(String endpointId) {
    return endpoints.find(endpointId).map(EndpointConfig::usable).orElse(false);
  }

  private String displayName(String model) {
    return config
        .getOptionalValue("ponybunny.model." + model + ".display-name", String.class)
        .orElse(model);
  }
}
