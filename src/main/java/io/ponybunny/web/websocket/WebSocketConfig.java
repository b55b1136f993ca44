package io.ponybunny.web.websocket;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Deploys the annotated endpoints, leaving out the benchmark baseline {@link BareBroadcastEndpoint}
 * unless {@code ponybunny.bench.bare-endpoint=true} (set only by the {@code bench} Maven profile).
 */
public class WebSocketConfig implements ServerApplicationConfig {

  @Override
  public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
    return Set.of();
  }

  @Override
  public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
    boolean bare =
        ConfigProvider.getConfig()
            .getOptionalValue("ponybunny.bench.bare-endpoint", Boolean.class)
            .orElse(false);
    return scanned.stream()
        .filter(c -> bare || c != BareBroadcastEndpoint.class)
        .collect(Collectors.toSet());
  }
}
