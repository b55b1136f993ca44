package io.ponybunny.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.persistence.PersistenceException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotasTest {

  /**
   * {@code pb_usage} in memory; its first {@code failures} adds fail as a lost insert race does.
   */
  private static final class Usage extends UsageStore {
    final Map<String, Long> rows = new HashMap<>();
    int failures;
    int calls;

    @Override
    public long tokens(String subject, long epochDay) {
      return rows.getOrDefault(subject + "@" + epochDay, 0L);
    }

    @Override
    public void add(String subject, long epochDay, long tokens) {
      calls++;
      if (failures > 0) {
        failures--;
        throw new PersistenceException("duplicate key value violates unique constraint");
      }
      rows.merge(subject + "@" + epochDay, tokens, Long::sum);
    }
  }

  private final Usage usage = new Usage();
  private final Quotas.UsageRecords records = new Quotas.UsageRecords(usage);

  @Test
  void tokensOfAStreamThatLostTheDaysFirstInsertAreRecordedByTheRetry() {
    records.add("principal:alice", 20_000, 40);
    usage.failures = 1;
    records.add("principal:alice", 20_000, 2);
    assertEquals(42, records.tokens("principal:alice", 20_000));
    assertEquals(3, usage.calls, "one retry");
  }

  @Test
  void anAddThatFailsTwiceIsLoggedNotThrown() {
    usage.failures = 2;
    records.add("principal:alice", 20_000, 5);
    assertEquals(0, records.tokens("principal:alice", 20_000));
    assertEquals(2, usage.calls, "tried once more, not forever");
  }

  @Test
  void aStreamCountsInRedisAtMostTheCallsCapPlusAMargin() {
    assertEquals(java.time.Duration.ofSeconds(660), Quotas.streamLeaseTime(600));
    assertEquals(java.time.Duration.ofSeconds(61), Quotas.streamLeaseTime(0));
  }
}
