package io.ponybunny.web.websocket;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Open sockets in all ({@code ponybunny.ws.max-connections}) and per principal ({@code
 * ponybunny.ws.max-connections-per-principal}); a goal's server-sent event stream counts as a
 * socket. A socket is counted when it opens and released exactly once whichever way it closes
 * ({@link Permit}); one over a limit is closed at open with 1013 "Try Again Later".
 */
@ApplicationScoped
public class ConnectionLimits {

  /** Close reason when the server has all the sockets it takes. */
  static final String TOO_MANY = "too many connections";

  /** Close reason when the principal has all the sockets it may have. */
  static final String TOO_MANY_FOR_PRINCIPAL = "too many connections for this principal";

  @Inject
  @ConfigProperty(name = "ponybunny.ws.max-connections", defaultValue = "10000")
  int maxConnections;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.max-connections-per-principal", defaultValue = "100")
  int maxConnectionsPerPrincipal;

  // Guarded by this.
  private int open;
  private final Map<String, Integer> perPrincipal = new HashMap<>();

  /** Limits outside CDI (tests). */
  static ConnectionLimits of(int maxConnections, int maxConnectionsPerPrincipal) {
    ConnectionLimits limits = new ConnectionLimits();
    limits.maxConnections = maxConnections;
    limits.maxConnectionsPerPrincipal = maxConnectionsPerPrincipal;
    return limits;
  }

  /** A place for one more socket of {@code principal}, or the reason there is none. */
  public synchronized Admission admit(String principal) {
    if (open >= maxConnections) {
      return new Admission(null, TOO_MANY);
    }
    int mine = perPrincipal.getOrDefault(principal, 0);
    if (mine >= maxConnectionsPerPrincipal) {
      return new Admission(null, TOO_MANY_FOR_PRINCIPAL);
    }
    open++;
    perPrincipal.put(principal, mine + 1);
    return new Admission(new Permit(principal), null);
  }

  private synchronized void release(String principal) {
    open--;
    perPrincipal.computeIfPresent(principal, (p, n) -> n > 1 ? n - 1 : null);
  }

  synchronized int open() {
    return open;
  }

  synchronized int open(String principal) {
    return perPrincipal.getOrDefault(principal, 0);
  }

  /**
   * The answer to one socket.
   *
   * @param permit its place, or null when refused
   * @param refusal the close reason when refused, else null
   */
  public record Admission(Permit permit, String refusal) {

    /** Whether the whole server is full (else only the principal is). */
    public boolean serverFull() {
      return TOO_MANY.equals(refusal);
    }
  }

  /** One open socket's place: released once, however often the close paths call it. */
  public final class Permit {
    private final String principal;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(String principal) {
      this.principal = principal;
    }

    public void release() {
      if (released.compareAndSet(false, true)) {
        ConnectionLimits.this.release(principal);
      }
    }
  }
}
