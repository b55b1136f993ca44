package io.ponybunny.quota;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records what streams spent in {@code pb_usage} behind the ledger: a closing stream's tokens and
 * cost are added to what is pending for its subject and day, and {@link #flush} writes everything
 * pending in one transaction. Each stream's end used to write one transaction per subject (its
 * principal's row and its key's), every stream of a principal updating the same row: at 256 streams
 * ending together, 512 commits on two hot rows, each a store of the embedded database (findings
 * 15). The quotas themselves are counted by the ledger, not read back from here; what a subject
 * spent is the rows plus what is pending, so this server reads its own writes.
 *
 * <p>A batch that fails (another instance inserted a subject's row of the day first) is written
 * again row by row through {@code rows}, which retries each once and logs what it still cannot
 * record, as a write per stream did.
 */
final class UsageWriteBehind implements Ledger.Store {

  private static final Logger LOG = Logger.getLogger(UsageWriteBehind.class.getName());

  /** What one subject spent in one UTC day (epoch day) and is not recorded yet. */
  public record Pending(String subject, long epochDay, Ledger.Spent spent) {}

  private record Key(String subject, long epochDay) {}

  private final Ledger.Store rows;
  private final Consumer<List<Pending>> batch;

  /** Held while a batch is written, and while a subject's spend is read (never by {@link #add}). */
  private final ReentrantLock writing = new ReentrantLock();

  // Guarded by this.
  private Map<Key, Ledger.Spent> pending = new LinkedHashMap<>();

  /**
   * @param rows reads a subject's day and writes one row (retrying once, logging a failure)
   * @param batch writes every pending subject and day in one transaction, or throws and writes none
   */
  UsageWriteBehind(Ledger.Store rows, Consumer<List<Pending>> batch) {
    this.rows = rows;
    this.batch = batch;
  }

  @Override
  public void add(String subject, long epochDay, Ledger.Spent spent) {
    synchronized (this) {
      pending.merge(new Key(subject, epochDay), spent, UsageWriteBehind::sum);
    }
  }

  @Override
  public Ledger.Spent spent(String subject, long epochDay) {
    writing.lock(); // not between a batch's write and its commit
    try {
      Ledger.Spent stored = rows.spent(subject, epochDay);
      Ledger.Spent waiting;
      synchronized (this) {
        waiting = pending.get(new Key(subject, epochDay));
      }
      return waiting == null ? stored : sum(stored, waiting);
    } finally {
      writing.unlock();
    }
  }

  /** Writes what is pending; what streams spend meanwhile waits for the next flush. */
  void flush() {
    writing.lock();
    try {
      Map<Key, Ledger.Spent> taken;
      synchronized (this) {
        if (pending.isEmpty()) {
          return;
        }
        taken = pending;
        pending = new LinkedHashMap<>();
      }
      List<Pending> all = new ArrayList<>(taken.size());
      taken.forEach((k, s) -> all.add(new Pending(k.subject(), k.epochDay(), s)));
      try {
        batch.accept(all);
      } catch (RuntimeException e) {
        LOG.log(
            Level.FINE, "usage batch of " + all.size() + " row(s) failed; writing row by row", e);
        for (Pending p : all) {
          rows.add(p.subject(), p.epochDay(), p.spent());
        }
      }
    } finally {
      writing.unlock();
    }
  }

  /** Subjects and days with spend not recorded yet. */
  synchronized int pendingCount() {
    return pending.size();
  }

  private static Ledger.Spent sum(Ledger.Spent a, Ledger.Spent b) {
    return new Ledger.Spent(a.tokens() + b.tokens(), a.nanoUsd() + b.nanoUsd());
  }
}
