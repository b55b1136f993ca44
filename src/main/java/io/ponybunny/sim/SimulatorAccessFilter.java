package io.ponybunny.sim;

import io.ponybunny.llm.routing.EndpointConfig;
import io.ponybunny.llm.routing.EndpointRegistry;
import io.ponybunny.security.Identity;
import io.ponybunny.security.Secrets;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The simulator ({@code /sim/*}) needs an identity too: a caller signed in to PonyBunny (any role),
 * or a provider key that PonyBunny itself holds for an endpoint pointing at this simulator (sent
 * the way each provider's clients send it: {@code Authorization: Bearer}, {@code x-api-key}, {@code
 * x-goog-api-key} or {@code ?key=}), which includes the {@link SimulatorKeySource} key. Anything
 * else gets 401.
 */
@WebFilter(urlPatterns = "/sim/*", asyncSupported = true)
public class SimulatorAccessFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Inject EndpointRegistry endpoints;

  @Inject
  @ConfigProperty(name = "ponybunny.self.base-url", defaultValue = "http://localhost:9080")
  String selfBaseUrl;

  private volatile Set<String> keyHashes;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req.getAttribute(Identity.ATTRIBUTE) instanceof Identity || presentsKnownKey(req)) {
      chain.doFilter(req, res);
      return;
    }
    byte[] body =
        ("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"The"
                + " simulator needs a PonyBunny credential or the key of an endpoint that points"
                + " at it.\"}")
            .getBytes(StandardCharsets.UTF_8);
    res.setStatus(401);
    res.setContentType("application/problem+json");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }

  private boolean presentsKnownKey(HttpServletRequest req) {
    String auth = req.getHeader("Authorization");
    String[] presented = {
      auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
          ? auth.substring(7).strip()
          : null,
      req.getHeader("x-api-key"),
      req.getHeader("x-goog-api-key"),
      req.getParameter("key")
    };
    Set<String> known = keyHashes();
    for (String key : presented) {
      if (key != null && !key.isEmpty() && known.contains(Secrets.sha256(key))) {
        return true;
      }
    }
    return false;
  }

  /** The hashes of the keys of every endpoint whose base URL is this server's simulator. */
  private Set<String> keyHashes() {
    Set<String> k = keyHashes;
    if (k == null) {
      k = new HashSet<>();
      String sim = selfBaseUrl.replaceAll("/+$", "") + "/sim/";
      for (EndpointConfig e : endpoints.list()) {
        if (e.baseUrl() != null && (e.baseUrl() + "/").startsWith(sim) && e.apiKey() != null) {
          k.add(Secrets.sha256(e.apiKey()));
        }
      }
      keyHashes = Set.copyOf(k);
    }
    return k;
  }
}
