package io.ponybunny.llm.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The circuit of each endpoint, created on first use. */
@ApplicationScoped
public class CircuitBreakers {

  @Inject
  @ConfigProperty(name = "ponybunny.circuit.failure-threshold", defaultValue = "5")
  int threshold;

  @Inject
  @ConfigProperty(name = "ponybunny.circuit.open-seconds", defaultValue = "30")
  long openSeconds;

  @Inject Config config;

  private final ConcurrentMap<String, CircuitBreaker> circuits = new ConcurrentHashMap<>();

  /** The nanosecond clock the circuits' open time is measured on. */
  private final LongSupplier nanoClock;

  public CircuitBreakers() {
    this.nanoClock = System::nanoTime;
  }

  /** For tests: circuits with these defaults, per-endpoint overrides read from {@code config}. */
  public CircuitBreakers(int threshold, long openSeconds, Config config) {
    this(threshold, openSeconds, config, System::nanoTime);
  }

  /** For tests: as {@link #CircuitBreakers(int, long, Config)}, timed on {@code nanoClock}. */
  public CircuitBreakers(int threshold, long openSeconds, Config config, LongSupplier nanoClock) {
    this.threshold = threshold;
    this.openSeconds = openSeconds;
    this.config = config;
    this.nanoClock = nanoClock;
  }

  /** The endpoint's circuit; {@code ponybunny.endpoint.<id>.circuit.*} override the defaults. */
  public CircuitBreaker forEndpoint(String endpointId) {
    return circuits.computeIfAbsent(
        endpointId,
        id -> {
          String p = "ponybunny.endpoint." + id + ".circuit.";
          int t = config.getOptionalValue(p + "failure-threshold", Integer.class).orElse(threshold);
          long open = config.getOptionalValue(p + "open-seconds", Long.class).orElse(openSeconds);
          return new CircuitBreaker(t, Duration.ofSeconds(open), nanoClock);
        });
  }
}
