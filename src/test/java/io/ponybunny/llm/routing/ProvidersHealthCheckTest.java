package io.ponybunny.llm.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.testing.MapConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProvidersHealthCheckTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("fresh start: the simulator", Map.of(), Set.of(), true, List.of()),
        Arguments.of(
            "simulator off, Ollama absent, no key",
            Map.of("ponybunny.simulator.enabled", "false"),
            Set.of(),
            false,
            List.of("ollama")),
        Arguments.of(
            "simulator off, Ollama answering",
            Map.of("ponybunny.simulator.enabled", "false"),
            Set.of("localhost:11434"),
            true,
            List.of("ollama")),
        Arguments.of(
            "simulator off, a key configured: no probe needed",
            Map.of("ponybunny.simulator.enabled", "false", "OPENAI_API_KEY", "k"),
            Set.of(),
            true,
            List.of()),
        Arguments.of(
            "simulator off, an endpoint with a key still pointing at the simulator",
            Map.of(
                "ponybunny.simulator.enabled", "false",
                "ponybunny.endpoint.own.protocol", "openai",
                "ponybunny.endpoint.own.base-url", "http://localhost:9080/sim/openai/v1",
                "ponybunny.endpoint.own.api-key", "k"),
            Set.of("localhost:9080"),
            false,
            List.of("ollama")),
        Arguments.of(
            "simulator and Ollama off",
            Map.of(
                "ponybunny.simulator.enabled",
                "false",
                "ponybunny.endpoint.ollama.enabled",
                "false"),
            Set.of("localhost:11434"),
            false,
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void readinessNeedsAKeyOrAReachableKeylessEndpoint(
      String name,
      Map<String, String> settings,
      Set<String> listening,
      boolean up,
      List<String> probed) {
    MapConfig config = MapConfig.shippedDefaultsWith(settings);
    EndpointRegistry registry = new EndpointRegistry(config);
    List<String> seen = new ArrayList<>();
    EndpointProbe probe =
        new EndpointProbe(
            (host, port, timeout) -> listening.contains(host + ":" + port),
            System::nanoTime,
            500,
            5);
    ProvidersHealthCheck.Decision d =
        ProvidersHealthCheck.decide(
            registry.list(),
            config.getOptionalValue("ponybunny.simulator.enabled", Boolean.class).orElse(true),
            registry::isSimulator,
            e -> {
              seen.add(e.id());
              return probe.reachable(e.baseUrl());
            });
    assertEquals(up, d.up(), d.toString());
    assertEquals(probed, seen);
  }
}
