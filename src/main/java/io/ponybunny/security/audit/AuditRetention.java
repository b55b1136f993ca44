package io.ponybunny.security.audit;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the audit log bounded: entries older than {@code ponybunny.audit.retention-days} are
 * deleted at start and then every hour (0: kept for ever).
 */
@ApplicationScoped
public class AuditRetention {

  private static final Logger LOG = Logger.getLogger(AuditRetention.class.getName());

  @Inject AuditLog audit;

  @Resource ManagedScheduledExecutorService timer;

  @Inject
  @ConfigProperty(name = "ponybunny.audit.retention-days", defaultValue = "90")
  int retentionDays;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    if (retentionDays > 0) {
      timer.scheduleWithFixedDelay(this::purge, 0, 1, TimeUnit.HOURS);
    }
  }

  void purge() {
    try {
      int deleted =
          audit.purgeBefore(System.currentTimeMillis() - Duration.ofDays(retentionDays).toMillis());
      if (deleted > 0) {
        LOG.info("Deleted " + deleted + " audit entries older than " + retentionDays + " days");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not purge the audit log", e);
    }
  }
}
