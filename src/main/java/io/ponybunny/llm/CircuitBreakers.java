package io.ponybunny.llm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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

  private final ConcurrentMap<String, CircuitBreaker> circuits = new ConcurrentHashMap<>();

  public CircuitBreaker forEndpoint(String endpointId) {
    return circuits.computeIfAbsent(
        endpointId,
        id -> new CircuitBreaker(threshold, Duration.ofSeconds(openSeconds), System::nanoTime));
  }
}
