package io.ponybunny.llm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Resolves a model name to a {@link Route}: {@code <endpointId>/<model>} addresses an endpoint
 * directly; a missing model means the configured default.
 */
@ApplicationScoped
public class ModelRouter {

  @Inject EndpointRegistry endpoints;

  @Inject
  @ConfigProperty(name = "ponybunny.default-model", defaultValue = "sim/sim-default")
  String defaultModel;

  /** The route for {@code model}; throws {@link UnknownModelException} when there is none. */
  public Route route(String model) {
    String name = model == null || model.isBlank() ? defaultModel : model.trim();
    int slash = name.indexOf('/');
    if (slash <= 0 || slash == name.length() - 1) {
      throw new UnknownModelException(
          "unknown model '" + name + "': use <endpointId>/<model>, e.g. sim/sim-default");
    }
    String endpointId = name.substring(0, slash);
    EndpointConfig endpoint =
        endpoints
            .find(endpointId)
            .orElseThrow(
                () ->
                    new UnknownModelException(
                        "unknown model '" + name + "': no endpoint '" + endpointId + "'"));
    String reason = endpoint.disabledReason();
    if (reason != null) {
      throw new UnknownModelException(
          "model '" + name + "' is not available: endpoint '" + endpointId + "' " + reason);
    }
    return new Route(endpoint.target(), endpoint.protocol(), name.substring(slash + 1));
  }

  public String defaultModel() {
    return defaultModel;
  }
}
