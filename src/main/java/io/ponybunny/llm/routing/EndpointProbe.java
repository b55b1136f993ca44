package io.ponybunny.llm.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether an endpoint's host accepts TCP connections: one connect with a short timeout ({@code
 * ponybunny.health.probe-timeout-ms}), remembered for {@code ponybunny.health.probe-cache-seconds}
 * so that readiness polls never probe per request.
 */
@ApplicationScoped
public class EndpointProbe {

  /** Opens and closes one connection; true when it succeeded within the timeout. */
  @FunctionalInterface
  public interface Connector {
    boolean connect(String host, int port, Duration timeout);
  }

  private record Seen(boolean reachable, long at) {}

  @Inject
  @ConfigProperty(name = "ponybunny.health.probe-timeout-ms", defaultValue = "500")
  long timeoutMs;

  @Inject
  @ConfigProperty(name = "ponybunny.health.probe-cache-seconds", defaultValue = "5")
  long cacheSeconds;

  private Connector connector = EndpointProbe::tcpConnect;
  private LongSupplier clock = System::nanoTime;
  private final ConcurrentMap<String, Seen> seen = new ConcurrentHashMap<>();

  public EndpointProbe() {}

  /** For tests: a probe over this connector and nanosecond clock. */
  EndpointProbe(Connector connector, LongSupplier nanoClock, long timeoutMs, long cacheSeconds) {
    this.connector = connector;
    this.clock = nanoClock;
    this.timeoutMs = timeoutMs;
    this.cacheSeconds = cacheSeconds;
  }

  /** Whether the host of {@code baseUrl} accepted a connection lately (or does now). */
  public boolean reachable(String baseUrl) {
    URI uri;
    try {
      uri = URI.create(baseUrl);
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
    String host = uri.getHost();
    if (host == null) {
      return false;
    }
    int port = uri.getPort();
    if (port < 0) {
      port = "https".equals(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT)) ? 443 : 80;
    }
    String key = host + ":" + port;
    long now = clock.getAsLong();
    Seen last = seen.get(key);
    if (last != null && now - last.at() < Duration.ofSeconds(cacheSeconds).toNanos()) {
      return last.reachable();
    }
    boolean ok = connector.connect(host, port, Duration.ofMillis(timeoutMs));
    seen.put(key, new Seen(ok, now));
    return ok;
  }

  private static boolean tcpConnect(String host, int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
