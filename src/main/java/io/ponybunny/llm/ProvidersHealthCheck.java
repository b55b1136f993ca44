package io.ponybunny.llm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when at least one configured endpoint is usable (the simulator counts). */
@Readiness
@ApplicationScoped
public class ProvidersHealthCheck implements HealthCheck {

  @Inject EndpointRegistry endpoints;

  @Override
  public HealthCheckResponse call() {
    String usable =
        endpoints.list().stream()
            .filter(EndpointConfig::usable)
            .map(EndpointConfig::id)
            .collect(Collectors.joining(","));
    return HealthCheckResponse.named("providers")
        .status(!usable.isEmpty())
        .withData("usableEndpoints", usable)
        .build();
  }
}
