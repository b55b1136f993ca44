package io.ponybunny.web.websocket;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Remembers the {@code Host} header of the request being handled on this thread, so that {@link
 * OriginConfigurator#checkOrigin} (which gets only the Origin) can compare the two during a
 * WebSocket handshake.
 */
@WebListener
public class HandshakeRequests implements ServletRequestListener {

  /** The Host header and TLS flag of a request. */
  record HostInfo(String host, boolean secure) {}

  private static final ThreadLocal<HostInfo> CURRENT = new ThreadLocal<>();

  @Override
  public void requestInitialized(ServletRequestEvent sre) {
    if (sre.getServletRequest() instanceof HttpServletRequest r
        && r.getRequestURI() != null
        && r.getRequestURI().startsWith(r.getContextPath() + "/ws/")) {
      CURRENT.set(new HostInfo(r.getHeader("Host"), r.isSecure()));
    }
  }

  @Override
  public void requestDestroyed(ServletRequestEvent sre) {
    CURRENT.remove();
    io.ponybunny.security.AuthMechanism.clearCurrent();
  }

  /** The current request's host, or null outside a {@code /ws/} request. */
  static HostInfo current() {
    return CURRENT.get();
  }
}
