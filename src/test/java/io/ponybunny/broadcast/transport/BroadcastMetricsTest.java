package io.ponybunny.broadcast.transport;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.opentelemetry.api.metrics.Meter;
import jakarta.enterprise.inject.Instance;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class BroadcastMetricsTest {

  @SuppressWarnings("unchecked")
  private static Instance<Meter> meters(boolean resolvable, RuntimeException failure) {
    return (Instance<Meter>)
        Proxy.newProxyInstance(
            BroadcastMetricsTest.class.getClassLoader(),
            new Class<?>[] {Instance.class},
            (p, m, args) -> {
              if (failure != null) {
                throw failure;
              }
              if (m.getName().equals("isResolvable")) {
                return resolvable;
              }
              throw new UnsupportedOperationException(m.getName());
            });
  }

  @Test
  void withoutATelemetryMeterNothingIsRecorded() {
    assertSame(BroadcastMetrics.NOOP, BroadcastMetrics.of(null));
    assertSame(BroadcastMetrics.NOOP, BroadcastMetrics.of(meters(false, null)));
    assertSame(
        BroadcastMetrics.NOOP,
        BroadcastMetrics.of(meters(true, new IllegalStateException("no telemetry"))));
  }
}
