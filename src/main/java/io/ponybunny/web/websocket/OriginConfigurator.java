package io.ponybunny.web.websocket;

import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses a handshake whose {@code Origin} the {@link OriginPolicy} does not allow (the container
 * answers 403), before any endpoint instance or {@code @OnOpen} runs.
 */
public class OriginConfigurator extends ServerEndpointConfig.Configurator {

  private static volatile OriginPolicy policy;

  @Override
  public boolean checkOrigin(String originHeaderValue) {
    HandshakeRequests.HostInfo host = HandshakeRequests.current();
    return policy()
        .allows(
            originHeaderValue, host == null ? null : host.host(), host != null && host.secure());
  }

  private static OriginPolicy policy() {
    OriginPolicy p = policy;
    if (p == null) {
      p =
          OriginPolicy.parse(
              ConfigProvider.getConfig()
                  .getOptionalValue("ponybunny.ws.allowed-origins", String.class)
                  .orElse(""));
      policy = p;
    }
    return p;
  }
}
