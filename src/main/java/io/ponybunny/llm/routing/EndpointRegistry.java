package io.ponybunny.llm.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;

/**
 * Reads the configured endpoints from MicroProfile Config: every id that has a {@code
 * ponybunny.endpoint.<id>.protocol} property.
 */
@ApplicationScoped
public class EndpointRegistry {

  private static final String PREFIX = "ponybunny.endpoint.";
  private static final String ENV_PREFIX = "PONYBUNNY_ENDPOINT_";
  private static final String ENV_SUFFIX = "_PROTOCOL";

  @Inject Config config;

  public EndpointRegistry() {}

  /** For tests: a registry over explicit configuration. */
  public EndpointRegistry(Config config) {
    this.config = config;
  }

  private volatile Map<String, EndpointConfig> endpoints;

  /** All configured endpoints by id. */
  public Map<String, EndpointConfig> all() {
    Map<String, EndpointConfig> current = endpoints;
    if (current == null) {
      current = load();
      endpoints = current;
    }
    return current;
  }

  public Optional<EndpointConfig> find(String id) {
    return Optional.ofNullable(all().get(id));
  }

  public Collection<EndpointConfig> list() {
    return all().values();
  }

  private Map<String, EndpointConfig> load() {
    Map<String, EndpointConfig> result = new TreeMap<>();
    for (String name : config.getPropertyNames()) {
      String id = null;
      if (name.startsWith(PREFIX) && name.endsWith(".protocol")) {
        id = name.substring(PREFIX.length(), name.length() - ".protocol".length());
      } else if (name.startsWith(ENV_PREFIX) && name.endsWith(ENV_SUFFIX)) {
        // PONYBUNNY_ENDPOINT_<ID>_PROTOCOL: an endpoint defined by environment variables alone;
        // MicroProfile's mapping finds its other keys (ponybunny.endpoint.<id>.base-url, ...).
        id =
            name.substring(ENV_PREFIX.length(), name.length() - ENV_SUFFIX.length())
                .toLowerCase(java.util.Locale.ROOT);
      }
      if (id != null && !id.isEmpty() && !id.contains(".") && !result.containsKey(id)) {
        result.put(id, read(id));
      }
    }
    return java.util.Collections.unmodifiableMap(result);
  }

  private EndpointConfig read(String id) {
    String p = PREFIX + id + ".";
    String protocol = config.getValue(p + "protocol", String.class);
    String baseUrl = stripSlash(config.getOptionalValue(p + "base-url", String.class).orElse(null));
    return new EndpointConfig(
        id,
        protocol,
        baseUrl,
        config
            .getOptionalValue(p + "api-key", String.class)
            .filter(s -> !s.isBlank())
            .orElseGet(() -> simulatorKey(baseUrl)),
        config.getOptionalValue(p + "enabled", Boolean.class).orElse(true),
        config.getOptionalValue(p + "key-required", Boolean.class).orElse(true),
        Duration.ofMillis(
            config.getOptionalValue(p + "timeout.first-token", Long.class).orElse(30_000L)),
        Duration.ofMillis(config.getOptionalValue(p + "timeout.idle", Long.class).orElse(60_000L)),
        config.getOptionalValue(p + "max-retries", Integer.class).orElse(2));
  }

  /** Whether {@code endpoint} points at this server's built-in simulator ({@code <self>/sim/…}). */
  public boolean isSimulator(EndpointConfig endpoint) {
    String self = config.getOptionalValue("ponybunny.self.base-url", String.class).orElse(null);
    return endpoint.baseUrl() != null
        && self != null
        && (endpoint.baseUrl() + "/").startsWith(stripSlash(self) + "/sim/");
  }

  /**
   * The key of this server's simulator for an endpoint that points at it without a key of its own
   * (the simulator wants one, README "Security"); null for any other endpoint.
   */
  private String simulatorKey(String baseUrl) {
    String self = config.getOptionalValue("ponybunny.self.base-url", String.class).orElse(null);
    if (baseUrl == null
        || self == null
        || !(baseUrl + "/").startsWith(stripSlash(self) + "/sim/")) {
      return null;
    }
    return config.getOptionalValue("ponybunny.simulator.key", String.class).orElse(null);
  }

  private static String stripSlash(String url) {
    if (url == null) {
      return null;
    }
    String u = url.trim();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    return u;
  }
}
