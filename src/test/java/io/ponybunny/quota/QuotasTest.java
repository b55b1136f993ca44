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
    final Map<String, Ledger.Spent> rows = new HashMap<>();
    int failures;
    int calls;

    @Override
    public Ledger.Spent spent(String subject, long epochDay) {
      return rows.getOrDefault(subject + "@" + epochDay, Ledger.Spent.NONE);
    }

    @Override
    public void add(String subject, long epochDay, Ledger.Spent spent) {
      calls++;
      if (failures > 0) {
        failures--;
        throw new PersistenceException("duplicate key value violates unique constraint");
      }
      rows.merge(
          subject + "@" + epochDay,
          spent,
          (a, b) -> new Ledger.Spent(a.tokens() + b.tokens(), a.nanoUsd() + b.nanoUsd()));
    }
  }

  private final Usage usage = new Usage();
  private final Quotas.UsageRecords records = new Quotas.UsageRecords(usage);

  @Test
  void tokensAndCostOfAStreamThatLostTheDaysFirstInsertAreRecordedByTheRetry() {
    records.add("principal:alice", 20_000, new Ledger.Spent(40, 7));
    usage.failures = 1;
    records.add("principal:alice", 20_000, new Ledger.Spent(2, 3));
    assertEquals(new Ledger.Spent(42, 10), records.spent("principal:alice", 20_000));
    assertEquals(3, usage.calls, "one retry");
  }

  @Test
  void anAddThatFailsTwiceIsLoggedNotThrown() {
    usage.failures = 2;
    records.add("principal:alice", 20_000, new Ledger.Spent(5, 1));
    assertEquals(Ledger.Spent.NONE, records.spent("principal:alice", 20_000));
    assertEquals(2, usage.calls, "tried once more, not forever");
  }

  @Test
  void aStreamCountsInRedisAtMostTheCallsCapPlusAMargin() {
    assertEquals(java.time.Duration.ofSeconds(660), Quotas.streamLeaseTime(600));
    assertEquals(java.time.Duration.ofSeconds(61), Quotas.streamLeaseTime(0));
  }
}
