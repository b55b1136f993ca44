package io.ponybunny.sim;

import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The simulator's MicroProfile Config settings, read per request so changes apply at once.
 *
 * @param enabled {@value #ENABLED}, default true; when false every {@code /sim} path answers 404
 * @param tokensPerSecond {@value #TOKENS_PER_SECOND}, default 40; 0 means unpaced
 */
public record SimSettings(boolean enabled, double tokensPerSecond) {

  public static final String ENABLED = "ponybunny.simulator.enabled";
  public static final String TOKENS_PER_SECOND = "ponybunny.simulator.tokens-per-second";

  public static final SimSettings DEFAULTS = new SimSettings(true, 40);

  /** Reads the current values; the defaults where no config is available. */
  public static SimSettings fromConfig() {
    Config config;
    try {
      config = ConfigProvider.getConfig();
    } catch (RuntimeException | LinkageError e) {
      return DEFAULTS;
    }
    boolean enabled = config.getOptionalValue(ENABLED, Boolean.class).orElse(DEFAULTS.enabled());
    Optional<Double> tps = config.getOptionalValue(TOKENS_PER_SECOND, Double.class);
    return new SimSettings(enabled, Math.max(0, tps.orElse(DEFAULTS.tokensPerSecond())));
  }
}
