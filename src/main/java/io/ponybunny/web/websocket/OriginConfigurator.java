package io.ponybunny.web.websocket;

import io.ponybunny.security.AuthMechanism;
import io.ponybunny.security.Identity;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses a handshake whose {@code Origin} the {@link OriginPolicy} does not allow (the container
 * answers 403), before any endpoint instance or {@code @OnOpen} runs; hands the handshake's
 * authenticated {@link Identity} to the socket (an unauthenticated handshake never gets here: the
 * container answers 401).
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

  @Override
  public void modifyHandshake(
      ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
    Identity identity =
        request.getUserPrincipal() instanceof Identity i ? i : AuthMechanism.current();
    if (identity != null) {
      sec.getUserProperties().put(Identity.ATTRIBUTE, identity);
    }
  }

  /** The identity a socket was opened with, or null. */
  static Identity identity(Session session) {
    return session.getUserProperties().get(Identity.ATTRIBUTE) instanceof Identity i ? i : null;
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
