package io.ponybunny.web.websocket;

import io.ponybunny.security.Authenticator;
import io.ponybunny.security.Identity;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Closes sockets whose credential ended: every {@code ponybunny.ws.credential-check-seconds} each
 * open socket's session, API key or token is checked once per credential, and the sockets of a
 * revoked or expired one are closed with 1008. Other long-lived connections (server-sent event
 * streams) are watched the same way through {@link #watch}, each with its own way to end.
 */
@ApplicationScoped
public class SocketGuard {

  private static final Logger LOG = Logger.getLogger(SocketGuard.class.getName());

  /** The reason a connection is closed with when its credential ended. */
  public static final String REVOKED = "credentials revoked or expired";

  /** One watched connection: whose credential it holds, and how it ends when that ends. */
  private record Watched(Identity identity, Runnable revoke) {}

  private final ConcurrentMap<Object, Watched> open = new ConcurrentHashMap<>();

  @Inject Authenticator authenticator;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.credential-check-seconds", defaultValue = "15")
  long checkSeconds;

  @Resource ManagedScheduledExecutorService scheduler;

  private ScheduledFuture<?> task;
  private volatile boolean stopped;

  @PostConstruct
  void init() {
    long every = Math.max(1, checkSeconds);
    task = scheduler.scheduleWithFixedDelay(this::check, every, every, TimeUnit.SECONDS);
  }

  /** Stops checking before any bean goes away (the broadcast then closes sockets with 1001). */
  void stopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
    stop();
  }

  @PreDestroy
  void stop() {
    stopped = true;
    if (task != null) {
      task.cancel(false);
    }
  }

  void opened(Session session, Identity identity) {
    watch(
        session, identity, () -> ChannelSocket.close(session, CloseCodes.VIOLATED_POLICY, REVOKED));
  }

  void closed(Session session) {
    unwatch(session);
  }

  /**
   * Watches the connection {@code key} (compared by identity) holding {@code identity}'s
   * credential: {@code revoke} runs once, on the checker's thread, when the credential ends. It
   * must not block.
   */
  public void watch(Object key, Identity identity, Runnable revoke) {
    open.put(key, new Watched(identity, revoke));
  }

  /** Stops watching {@code key} (the connection closed). */
  public void unwatch(Object key) {
    open.remove(key);
  }

  /** Closes the sockets whose credential no longer holds. */
  void check() {
    Map<String, Boolean> valid = new HashMap<>();
    for (Map.Entry<Object, Watched> e : open.entrySet()) {
      if (stopped) {
        return;
      }
      Identity id = e.getValue().identity();
      boolean ok;
      try {
        ok =
            valid.computeIfAbsent(
                id.via() + ":" + id.credentialId() + ":" + id.expiresAt(),
                k -> authenticator.stillValid(id));
      } catch (RuntimeException ex) {
        LOG.log(Level.WARNING, "credential check failed; will retry", ex);
        continue;
      }
      if (!ok && !stopped && open.remove(e.getKey(), e.getValue())) {
        try {
          e.getValue().revoke().run();
        } catch (RuntimeException ex) {
          LOG.log(Level.FINE, "close of a revoked connection failed", ex);
        }
      }
    }
  }
}
