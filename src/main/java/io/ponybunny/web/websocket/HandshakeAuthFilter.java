package io.ponybunny.web.websocket;

import io.ponybunny.security.Identity;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a WebSocket handshake ({@code /ws/*}) that carries no valid identity with 401 problem
 * JSON, before the upgrade and before any endpoint runs. The identity comes from {@link
 * io.ponybunny.security.AuthMechanism}, which does not log sockets in to the container: Liberty
 * ties a socket opened by an authenticated caller to an HTTP session it creates, and closes it with
 * 1008 when that session times out.
 */
@WebFilter(urlPatterns = "/ws/*", asyncSupported = true)
public class HandshakeAuthFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req.getAttribute(Identity.ATTRIBUTE) instanceof Identity) {
      chain.doFilter(req, res);
      return;
    }
    byte[] body =
        ("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"A"
                + " socket needs the session cookie, an API key or a token in Authorization:"
                + " Bearer.\"}")
            .getBytes(StandardCharsets.UTF_8);
    res.setStatus(401);
    res.setHeader("WWW-Authenticate", "Bearer realm=\"ponybunny\"");
    res.setContentType("application/problem+json");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
