package io.ponybunny.llm.routing;

import io.ponybunny.llm.api.UnknownModelException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;

/**
 * Resolves a model reference to the ordered list of {@link Route}s a call tries:
 *
 * <ul>
 *   <li>{@code simple}, {@code medium}, {@code complex} (or {@code tier:<name>}): the tier's {@code
 *       primary} then {@code fallback} model;
 *   <li>a configured model name: the endpoints of {@code ponybunny.model.<name>.endpoints}, each
 *       {@code <endpointId>} or {@code <endpointId>/<providerModel>};
 *   <li>{@code <endpointId>/<model>}: that endpoint directly;
 *   <li>nothing: {@code ponybunny.default-model}.
 * </ul>
 *
 * Endpoints that are disabled (switched off, or lacking a key) are skipped; when nothing usable is
 * left the reference is refused with the reasons.
 */
@ApplicationScoped
public class ModelRouter {

  /** The tiers a model reference may name. */
  public static final List<String> TIERS = List.of("simple", "medium", "complex");

  private static final int MAX_DEPTH = 4;
  private static final String MODEL_PREFIX = "ponybunny.model.";
  private static final String ENDPOINTS_SUFFIX = ".endpoints";

  @Inject EndpointRegistry endpoints;
  @Inject Config config;

  public ModelRouter() {}

  /** For tests: a router over explicit configuration. */
  public ModelRouter(EndpointRegistry endpoints, Config config) {
    this.endpoints = endpoints;
    this.config = config;
  }

  /** The default model reference. */
  public String defaultModel() {
    return config.getOptionalValue("ponybunny.default-model", String.class).orElse("medium");
  }

  /** The first route of {@code model}. */
  public Route route(String model) {
    return routes(model).get(0);
  }

  /** The usable routes of {@code model}, in the order a call tries them. */
  public List<Route> routes(String model) {
    String ref = model == null || model.isBlank() ? defaultModel() : model.trim();
    List<String> problems = new ArrayList<>();
    Set<Route> result = new LinkedHashSet<>();
    expand(ref, result, problems, 0);
    if (result.isEmpty()) {
      boolean known = problems.stream().anyMatch(p -> p.startsWith("endpoint '"));
      throw new UnknownModelException(
          (known ? "model '" + ref + "' is not available: " : "unknown model '" + ref + "': ")
              + String.join("; ", problems));
    }
    return List.copyOf(result);
  }

  /** The model reference an agent uses: {@code ponybunny.agent.<name>.model}, else its tier. */
  public String modelForAgent(String agent) {
    Optional<String> model = value("ponybunny.agent." + agent + ".model");
    if (model.isPresent()) {
      return model.get();
    }
    return value("ponybunny.agent." + agent + ".tier").map(t -> "tier:" + t).orElse(null);
  }

  /** The primary and fallback model references of a tier (absent ones left out). */
  public List<String> tier(String name) {
    List<String> refs = new ArrayList<>();
    value("ponybunny.tier." + name + ".primary").ifPresent(refs::add);
    value("ponybunny.tier." + name + ".fallback").ifPresent(refs::add);
    return refs;
  }

  /** The configured endpoint entries of a model name, empty when it is not configured. */
  public List<String> modelEndpoints(String name) {
    return value("ponybunny.model." + name + ".endpoints")
        .map(ModelRouter::splitList)
        .orElse(List.of());
  }

  /** The configured model names ({@code ponybunny.model.<name>.endpoints}), sorted. */
  public SortedSet<String> modelNames() {
    TreeSet<String> names = new TreeSet<>();
    for (String key : config.getPropertyNames()) {
      if (key.startsWith(MODEL_PREFIX) && key.endsWith(ENDPOINTS_SUFFIX)) {
        names.add(key.substring(MODEL_PREFIX.length(), key.length() - ENDPOINTS_SUFFIX.length()));
      }
    }
    return names;
  }

  private void expand(String ref, Set<Route> out, List<String> problems, int depth) {
    if (depth > MAX_DEPTH) {
      problems.add("'" + ref + "' nests too deeply");
      return;
    }
    String tierName = ref.startsWith("tier:") ? ref.substring(5) : ref;
    if (ref.startsWith("tier:") || TIERS.contains(ref)) {
      List<String> refs = tier(tierName);
      if (refs.isEmpty()) {
        problems.add("tier '" + tierName + "' has no model configured");
      }
      for (String r : refs) {
        expand(r, out, problems, depth + 1);
      }
      return;
    }
    List<String> entries = modelEndpoints(ref);
    if (!entries.isEmpty()) {
      for (String entry : entries) {
        int slash = entry.indexOf('/');
        String endpointId = slash < 0 ? entry : entry.substring(0, slash);
        String providerModel = slash < 0 ? ref : entry.substring(slash + 1);
        addDirect(endpointId, providerModel, out, problems);
      }
      return;
    }
    int slash = ref.indexOf('/');
    if (slash <= 0 || slash == ref.length() - 1) {
      problems.add(
          "'" + ref + "' is no tier, configured model or <endpointId>/<model> (e.g. sim/demo)");
      return;
    }
    addDirect(ref.substring(0, slash), ref.substring(slash + 1), out, problems);
  }

  private void addDirect(String endpointId, String model, Set<Route> out, List<String> problems) {
    Optional<EndpointConfig> endpoint = endpoints.find(endpointId);
    if (endpoint.isEmpty()) {
      problems.add("no endpoint '" + endpointId + "'");
      return;
    }
    String reason = endpoint.get().disabledReason();
    if (reason != null) {
      problems.add("endpoint '" + endpointId + "' " + reason);
      return;
    }
    out.add(new Route(endpoint.get(), model));
  }

  private Optional<String> value(String key) {
    return config.getOptionalValue(key, String.class).map(String::trim).filter(s -> !s.isEmpty());
  }

  static List<String> splitList(String value) {
    List<String> items = new ArrayList<>();
    for (String s : value.split(",")) {
      if (!s.isBlank()) {
        items.add(s.trim());
      }
    }
    return items;
  }
}
