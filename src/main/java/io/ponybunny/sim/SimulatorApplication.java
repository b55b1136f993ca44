package io.ponybunny.sim;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The simulator's own JAX-RS application under {@code /sim}, kept apart from the public API so that
 * it never shows in {@code /api} and can be switched off as a whole.
 */
@ApplicationPath("/sim")
public class SimulatorApplication extends Application {

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(
        OpenAiSimResource.class,
        AnthropicSimResource.class,
        GeminiSimResource.class,
        OllamaSimResource.class,
        SimObservationResource.class);
  }
}
