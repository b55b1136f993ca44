package io.ponybunny.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Serves the console's deep links ({@code /goals/g1}, {@code /streams}): a browser GET for a path
 * that is not an API (also the {@code /v1} ingress), WebSocket, simulator, health or static-file
 * path gets {@code index.html}, and the console's router takes it from there.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class ConsoleRoutingFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String path = req.getRequestURI().substring(req.getContextPath().length());
    if ("GET".equals(req.getMethod()) && isConsoleRoute(path)) {
      res.setHeader("Cache-Control", "no-cache");
      req.getRequestDispatcher("/index.html").forward(req, res);
      return;
    }
    if ("/".equals(path) || "/index.html".equals(path)) {
      res.setHeader("Cache-Control", "no-cache");
    }
    chain.doFilter(req, res);
  }

  static boolean isConsoleRoute(String path) {
    if (path.isEmpty() || "/".equals(path)) {
      return false;
    }
    for (String prefix :
        new String[] {
          "/api", "/v1", "/ws", "/sim", "/health", "/openapi", "/metrics", "/assets", "/ibm"
        }) {
      if (path.equals(prefix) || path.startsWith(prefix + "/")) {
        return false;
      }
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    return !last.contains(".");
  }
}
