package io.ponybunny.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.inject.Instance;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where PonyBunny's spans and metrics come from: the server's MicroProfile Telemetry {@link
 * OpenTelemetry} (a no-op while {@code otel.sdk.disabled} is true), under one instrumentation
 * scope.
 */
final class Telemetry {

  /** The instrumentation scope of PonyBunny's own spans and metrics. */
  static final String SCOPE = "io.ponybunny";

  private static final Logger LOG = Logger.getLogger(Telemetry.class.getName());

  private Telemetry() {}

  /** The server's OpenTelemetry, or the no-op one when it has none. */
  static OpenTelemetry of(Instance<OpenTelemetry> beans) {
    try {
      if (beans != null && beans.isResolvable()) {
        return beans.get();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.INFO, "no telemetry; LLM call spans and metrics are off", e);
    }
    return OpenTelemetry.noop();
  }
}
