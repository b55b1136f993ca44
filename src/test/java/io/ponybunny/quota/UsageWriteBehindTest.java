package io.ponybunny.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UsageWriteBehindTest {

  private static final long DAY = 20_000;

  /** {@code pb_usage} in memory, written row by row or by batch. */
  private static final class Rows implements Ledger.Store {
    final Map<String, Ledger.Spent> rows = new HashMap<>();
    final List<List<UsageWriteBehind.Pending>> batches = new ArrayList<>();
    int rowWrites;

    @Override
    public synchronized Ledger.Spent spent(String subject, long epochDay) {
      return rows.getOrDefault(subject + "@" + epochDay, Ledger.Spent.NONE);
    }

    @Override
    public synchronized void add(String subject, long epochDay, Ledger.Spent spent) {
      rowWrites++;
      put(subject, epochDay, spent);
    }

    synchronized void batch(List<UsageWriteBehind.Pending> batch) {
      batches.add(batch);
      batch.forEach(p -> put(p.subject(), p.epochDay(), p.spent()));
    }

    private void put(String subject, long epochDay, Ledger.Spent spent) {
      rows.merge(
          subject + "@" + epochDay,
          spent,
          (a, b) -> new Ledger.Spent(a.tokens() + b.tokens(), a.nanoUsd() + b.nanoUsd()));
    }
  }

  private final Rows rows = new Rows();
  private final UsageWriteBehind usage = new UsageWriteBehind(rows, rows::batch);

  @Test
  void streamsEndingTogetherAreOneRowPerSubjectAndDayInOneBatch() {
    usage.add("principal:alice", DAY, new Ledger.Spent(10, 1));
    usage.add("key:k1", DAY, new Ledger.Spent(10, 1));
    usage.add("principal:alice", DAY, new Ledger.Spent(5, 2));
    usage.add("principal:alice", DAY + 1, new Ledger.Spent(1, 1));
    assertTrue(rows.rows.isEmpty(), "nothing written at a stream's end");

    usage.flush();

    assertEquals(1, rows.batches.size(), "one transaction");
    assertEquals(
        List.of(
            new UsageWriteBehind.Pending("principal:alice", DAY, new Ledger.Spent(15, 3)),
            new UsageWriteBehind.Pending("key:k1", DAY, new Ledger.Spent(10, 1)),
            new UsageWriteBehind.Pending("principal:alice", DAY + 1, new Ledger.Spent(1, 1))),
        rows.batches.get(0));
    assertEquals(0, rows.rowWrites);
    assertEquals(0, usage.pendingCount());
  }

  @Test
  void whatASubjectSpentCountsWhatIsStillPendingOnce() {
    rows.add("principal:alice", DAY, new Ledger.Spent(100, 10));
    usage.add("principal:alice", DAY, new Ledger.Spent(5, 1));
    assertEquals(new Ledger.Spent(105, 11), usage.spent("principal:alice", DAY));
    usage.flush();
    assertEquals(new Ledger.Spent(105, 11), usage.spent("principal:alice", DAY));
    assertEquals(Ledger.Spent.NONE, usage.spent("principal:bob", DAY));
  }

  @Test
  void aBatchThatFailsIsWrittenRowByRow() {
    UsageWriteBehind failing =
        new UsageWriteBehind(
            rows,
            b -> {
              throw new jakarta.persistence.PersistenceException("duplicate key value");
            });
    failing.add("principal:alice", DAY, new Ledger.Spent(3, 1));
    failing.add("key:k1", DAY, new Ledger.Spent(3, 1));
    failing.flush();
    assertEquals(2, rows.rowWrites);
    assertEquals(new Ledger.Spent(3, 1), rows.spent("key:k1", DAY));
    assertEquals(0, failing.pendingCount());
  }

  @Test
  void aFlushWithNothingPendingWritesNothing() {
    usage.flush();
    assertTrue(rows.batches.isEmpty());
  }

  @Test
  void spendOfStreamsEndingDuringAFlushWaitsForTheNextOne() {
    UsageWriteBehind[] self = new UsageWriteBehind[1];
    self[0] =
        new UsageWriteBehind(
            rows,
            b -> {
              self[0].add("principal:alice", DAY, new Ledger.Spent(7, 7));
              rows.batch(b);
            });
    self[0].add("principal:alice", DAY, new Ledger.Spent(1, 1));
    self[0].flush();
    assertEquals(new Ledger.Spent(1, 1), rows.spent("principal:alice", DAY));
    assertEquals(1, self[0].pendingCount());
    assertEquals(new Ledger.Spent(8, 8), self[0].spent("principal:alice", DAY));
    self[0].flush();
    assertEquals(new Ledger.Spent(8, 8), rows.spent("principal:alice", DAY));
  }

  @Test
  void aSubjectsSpendIsNotReadBetweenABatchsStartAndItsCommit() throws Exception {
    AtomicReference<CompletableFuture<Ledger.Spent>> read = new AtomicReference<>();
    UsageWriteBehind[] self = new UsageWriteBehind[1];
    self[0] =
        new UsageWriteBehind(
            rows,
            b -> {
              // the batch is taken from pending but not committed yet: a reader now must wait
              Thread reader =
                  new Thread(
                      () -> read.get().complete(self[0].spent("principal:alice", DAY)), "reader");
              read.set(new CompletableFuture<>());
              reader.start();
              while (reader.getState() != Thread.State.WAITING
                  && reader.getState() != Thread.State.TERMINATED) {
                Thread.onSpinWait();
              }
              rows.batch(b); // the commit
            });
    self[0].add("principal:alice", DAY, new Ledger.Spent(4, 2));
    self[0].flush();
    assertEquals(
        new Ledger.Spent(4, 2),
        read.get().get(10, TimeUnit.SECONDS),
        "neither missed (read before the commit) nor counted twice");
  }
}
