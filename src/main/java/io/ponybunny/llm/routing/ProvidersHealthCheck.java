package io.ponybunny.llm.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when a call could be served: an endpoint with a key is configured (it counts without a
 * probe: its provider is remote and metered), or an endpoint that needs no key is reachable. The
 * built-in simulator is reachable exactly when it is enabled; other keyless endpoints (Ollama,
 * vLLM, ...) are probed with a short, cached connect ({@link EndpointProbe}).
 */
@Readiness
@ApplicationScoped
public class ProvidersHealthCheck implements HealthCheck {

  @Inject EndpointRegistry endpoints;
  @Inject EndpointProbe probe;
  @Inject Config config;

  /**
   * What readiness found.
   *
   * @param keyed usable endpoints with a key
   * @param reachable keyless endpoints that answered (or the enabled simulator)
   * @param unreachable keyless endpoints that did not
   */
  record Decision(List<String> keyed, List<String> reachable, List<String> unreachable) {
    boolean up() {
      return !keyed.isEmpty() || !reachable.isEmpty();
    }
  }

  /**
   * Decides readiness. Probes run only when nothing else makes the server ready.
   *
   * @param all the configured endpoints
   * @param simulator whether an endpoint is served by this server's enabled simulator
   * @param isSimulator whether an endpoint points at this server's simulator at all
   * @param reachable probes a keyless endpoint
   */
  static Decision decide(
      Collection<EndpointConfig> all,
      boolean simulator,
      Predicate<EndpointConfig> isSimulator,
      Predicate<EndpointConfig> reachable) {
    List<String> keyed = new ArrayList<>();
    List<String> up = new ArrayList<>();
    List<String> down = new ArrayList<>();
    List<EndpointConfig> toProbe = new ArrayList<>();
    for (EndpointConfig e : all) {
      if (!e.usable()) {
        continue;
      }
      if (isSimulator.test(e)) {
        (simulator ? up : down).add(e.id());
      } else if (e.keyRequired()) {
        keyed.add(e.id());
      } else {
        toProbe.add(e);
      }
    }
    if (keyed.isEmpty() && up.isEmpty()) {
      for (EndpointConfig e : toProbe) {
        (reachable.test(e) ? up : down).add(e.id());
      }
    }
    return new Decision(keyed, up, down);
  }

  @Override
  public HealthCheckResponse call() {
    boolean simulator =
        config.getOptionalValue("ponybunny.simulator.enabled", Boolean.class).orElse(true);
    Decision d =
        decide(
            endpoints.list(), simulator, endpoints::isSimulator, e -> probe.reachable(e.baseUrl()));
    return HealthCheckResponse.named("providers")
        .status(d.up())
        .withData("configuredEndpoints", String.join(",", d.keyed()))
        .withData("reachableEndpoints", String.join(",", d.reachable()))
        .withData("unreachableEndpoints", String.join(",", d.unreachable()))
        .build();
  }
}
