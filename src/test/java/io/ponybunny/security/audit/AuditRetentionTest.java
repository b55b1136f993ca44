package io.ponybunny.security.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditRetentionTest {

  /** The audit log's purge, recorded instead of run against a database. */
  static final class RecordingAuditLog extends AuditLog {
    final List<Long> cutoffs = new ArrayList<>();

    @Override
    public int purgeBefore(long cutoffMillis) {
      cutoffs.add(cutoffMillis);
      return 0;
    }
  }

  @Test
  void entriesOlderThanTheRetentionAreDeleted() {
    RecordingAuditLog log = new RecordingAuditLog();
    AuditRetention retention = new AuditRetention();
    retention.audit = log;
    retention.retentionDays = 90;

    long before = System.currentTimeMillis();
    retention.purge();
    long after = System.currentTimeMillis();

    assertEquals(1, log.cutoffs.size());
    long ninetyDays = Duration.ofDays(90).toMillis();
    long cutoff = log.cutoffs.get(0);
    assertTrue(cutoff >= before - ninetyDays && cutoff <= after - ninetyDays, "cutoff " + cutoff);
  }

  @Test
  void aFailingPurgeIsLoggedNotThrown() {
    AuditRetention retention = new AuditRetention();
    retention.audit =
        new AuditLog() {
          @Override
          public int purgeBefore(long cutoffMillis) {
            throw new IllegalStateException("database down");
          }
        };
    retention.retentionDays = 1;
    retention.purge(); // the timer keeps running
  }
}
