package io.ponybunny.sim;

import io.ponybunny.security.Secrets;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Provides {@value #KEY}: a random key made when the application starts, which the endpoints that
 * point at this server's simulator send when no key of their own is set, and which the simulator
 * accepts ({@link SimulatorAccessFilter}). It never leaves the server.
 */
public class SimulatorKeySource implements ConfigSource {

  /** The configuration key. */
  public static final String KEY = "ponybunny.simulator.key";

  private final String value = "sim_" + Secrets.random(32);

  @Override
  public Map<String, String> getProperties() {
    return Map.of(KEY, value);
  }

  @Override
  public Set<String> getPropertyNames() {
    return Set.of(KEY);
  }

  @Override
  public String getValue(String propertyName) {
    return KEY.equals(propertyName) ? value : null;
  }

  @Override
  public String getName() {
    return "ponybunny-simulator-key";
  }

  @Override
  public int getOrdinal() {
    return 50; // below the defaults file: a configured key wins
  }
}
