package io.ponybunny.web.websocket;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which handshake {@code Origin}s may open a socket: the configured allow-list ({@code
 * ponybunny.ws.allowed-origins}, comma-separated origins such as {@code https://console.example},
 * or {@code *} for any), and always the same origin (the Origin's host and port equal the request's
 * {@code Host}). A request without an Origin header (not a browser) is allowed.
 */
record OriginPolicy(boolean any, List<String> allowed) {

  static OriginPolicy parse(String config) {
    List<String> list =
        config == null
            ? List.of()
            : Arrays.stream(config.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(OriginPolicy::normalize)
                .toList();
    return new OriginPolicy(list.contains("*"), list);
  }

  /**
   * @param origin the Origin header, or null
   * @param host the request's Host header, or null when unknown
   * @param secure whether the request came over TLS (default port 443, else 80)
   */
  boolean allows(String origin, String host, boolean secure) {
    if (origin == null) {
      return true;
    }
    if (any || allowed.contains(normalize(origin))) {
      return true;
    }
    if (host == null) {
      return false;
    }
    try {
      URI o = URI.create(origin.trim());
      if (o.getHost() == null || o.getScheme() == null) {
        return false;
      }
      int port = o.getPort() >= 0 ? o.getPort() : defaultPort(o.getScheme());
      return hostPort(o.getHost(), port).equals(hostOf(host, secure));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String hostOf(String hostHeader, boolean secure) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon > h.lastIndexOf(']')) {
      return h;
    }
    return h + ":" + (secure ? 443 : 80);
  }

  private static String hostPort(String host, int port) {
    return host.toLowerCase(Locale.ROOT) + ":" + port;
  }

  private static int defaultPort(String scheme) {
    String s = scheme.toLowerCase(Locale.ROOT);
    return s.equals("https") || s.equals("wss") ? 443 : 80;
  }

  private static String normalize(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }
}
