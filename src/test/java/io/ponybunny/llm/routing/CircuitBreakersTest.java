package io.ponybunny.llm.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.ponybunny.testing.MapConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One circuit per endpoint, on the clock the circuits are given: the defaults (3 failures, 30 s)
 * unless {@code ponybunny.endpoint.<id>.circuit.*} overrides them for that endpoint alone.
 */
class CircuitBreakersTest {

  private final AtomicLong now = new AtomicLong();
  private final CircuitBreakers circuits =
      new CircuitBreakers(
          3,
          30,
          new MapConfig(
              Map.of(
                  "ponybunny.endpoint.flaky.circuit.failure-threshold", "1",
                  "ponybunny.endpoint.slow.circuit.open-seconds", "120")),
          now::get);

  static Stream<Arguments> endpoints() {
    return Stream.of(
        Arguments.of("plain", 3, Duration.ofSeconds(30)),
        Arguments.of("flaky", 1, Duration.ofSeconds(30)),
        Arguments.of("slow", 3, Duration.ofSeconds(120)));
  }

  @ParameterizedTest(name = "{0}: {1} failures, open {2}")
  @MethodSource("endpoints")
  void eachEndpointsCircuitOpensAfterItsThresholdForItsOpenTime(
      String id, int threshold, Duration openFor) {
    CircuitBreaker circuit = circuits.forEndpoint(id);
    assertSame(circuit, circuits.forEndpoint(id), "one circuit per endpoint");
    for (int i = 1; i < threshold; i++) {
      circuit.onFailure();
      assertEquals(CircuitBreaker.State.CLOSED, circuit.state(), "after " + i + " failures");
    }
    circuit.onFailure();
    assertEquals(CircuitBreaker.State.OPEN, circuit.state());
    now.addAndGet(openFor.minusNanos(1).toNanos());
    assertEquals(CircuitBreaker.State.OPEN, circuit.state());
    now.addAndGet(1);
    assertEquals(CircuitBreaker.State.HALF_OPEN, circuit.state());
    assertEquals(
        CircuitBreaker.State.CLOSED,
        circuits.forEndpoint("other-" + id).state(),
        "other endpoints are not affected");
  }
}
