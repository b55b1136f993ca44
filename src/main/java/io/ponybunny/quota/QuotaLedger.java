package io.ponybunny.quota;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Ledger} of a single node, counted in this JVM's memory: per subject a token bucket of
 * requests, a count of running streams and the tokens and cost of the current UTC day. What earlier
 * starts used is read once per subject and day through {@link Store}, and each stream's tokens and
 * cost are added through it when it ends. Several instances each counting their own would each
 * grant the whole quota: a cluster uses {@link RedisQuotaLedger}.
 */
public final class QuotaLedger implements Ledger {

  /**
   * The most subjects kept in memory; beyond, idle ones are forgotten (their tokens are stored).
   */
  static final int MAX_SUBJECTS = 100_000;

  /** A stream's hold on its subjects in this ledger. */
  private final class Held implements Lease {
    private final List<Limited> subjects;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Held(List<Limited> subjects) {
      this.subjects = subjects;
    }

    @Override
    public void close(long tokensUsed, long nanoUsd) {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      Spent spent = new Spent(Math.max(0, tokensUsed), Math.max(0, nanoUsd));
      long day = today();
      synchronized (QuotaLedger.this) {
        for (Limited l : subjects) {
          Counters c = counters(l.subject());
          c.streams--;
          if (spent.any()) {
            c.rollTo(day);
            c.tokens += spent.tokens();
            c.nanoUsd += spent.nanoUsd();
          }
        }
      }
      if (spent.any()) {
        for (Limited l : subjects) {
          if (!GLOBAL.equals(l.subject())) {
            store.add(l.subject(), day, spent);
          }
        }
      }
    }
  }

  private static final class Counters {
    double bucket = -1; // requests available; -1: full at first use
    long bucketAt;
    long streams;
    long day = Long.MIN_VALUE; // the UTC day {@link #tokens} and {@link #nanoUsd} count
    long tokens;
    long nanoUsd;

    void rollTo(long today) {
      if (day != today) {
        day = today;
        tokens = 0;
        nanoUsd = 0;
      }
    }
  }

  private final Map<String, Counters> subjects = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Store store;

  public QuotaLedger(Clock clock, Store store) {
    this.clock = clock;
    this.store = store;
  }

  @Override
  public void admitRequest(List<Limited> limited) {
    long now = clock.millis();
    synchronized (this) {
      for (Limited l : limited) {
        long rpm = l.quota().requestsPerMinute();
        if (rpm > 0) {
          Counters c = counters(l.subject());
          refill(c, rpm, now);
          if (c.bucket < 1) {
            throw QuotaRules.requestRefused(l.subject(), rpm, c.bucket);
          }
        }
      }
      for (Limited l : limited) {
        if (l.quota().requestsPerMinute() > 0) {
          counters(l.subject()).bucket -= 1;
        }
      }
    }
  }

  @Override
  public Lease openStream(List<Limited> limited) {
    long day = today();
    for (Limited l : limited) {
      if (l.quota().tokensPerDay() > 0 || l.quota().nanoUsdPerDay() > 0) {
        loadDay(l.subject(), day);
      }
    }
    synchronized (this) {
      for (Limited l : limited) {
        Counters c = counters(l.subject());
        Quota q = l.quota();
        if (q.concurrentStreams() > 0 && c.streams >= q.concurrentStreams()) {
          throw QuotaRules.streamRefused(l.subject(), q.concurrentStreams());
        }
        if (q.tokensPerDay() > 0) {
          c.rollTo(day);
          if (c.tokens >= q.tokensPerDay()) {
            throw QuotaRules.tokensRefused(l.subject(), q.tokensPerDay(), clock);
          }
        }
        if (q.nanoUsdPerDay() > 0) {
          c.rollTo(day);
          if (c.nanoUsd >= q.nanoUsdPerDay()) {
            throw QuotaRules.spendRefused(l.subject(), q.nanoUsdPerDay(), clock);
          }
        }
      }
      for (Limited l : limited) {
        counters(l.subject()).streams++;
      }
    }
    return new Held(List.copyOf(limited));
  }

  @Override
  public Usage usage(String subject, Quota quota) {
    long day = today();
    if (quota.tokensPerDay() > 0 || quota.nanoUsdPerDay() > 0 || !subjects.containsKey(subject)) {
      loadDay(subject, day);
    }
    synchronized (this) {
      Counters c = counters(subject);
      c.rollTo(day);
      long available = -1;
      if (quota.requestsPerMinute() > 0) {
        refill(c, quota.requestsPerMinute(), clock.millis());
        available = QuotaRules.available(c.bucket);
      }
      return new Usage(c.streams, c.tokens, available, c.nanoUsd);
    }
  }

  /** Reads what a subject's day used, as stored, once (outside the ledger's lock). */
  private void loadDay(String subject, long day) {
    Counters c = subjects.get(subject);
    synchronized (this) {
      if (c != null && c.day == day) {
        return;
      }
    }
    Spent stored = store.spent(subject, day);
    synchronized (this) {
      Counters now = counters(subject);
      if (now.day != day) {
        now.day = day;
        now.tokens = stored.tokens();
        now.nanoUsd = stored.nanoUsd();
      }
    }
  }

  private Counters counters(String subject) {
    Counters c = subjects.get(subject);
    if (c == null) {
      if (subjects.size() >= MAX_SUBJECTS) {
        subjects.values().removeIf(x -> x.streams == 0);
      }
      c = new Counters();
      subjects.put(subject, c);
    }
    return c;
  }

  private static void refill(Counters c, long rpm, long now) {
    c.bucket = c.bucket < 0 ? rpm : QuotaRules.refill(c.bucket, now - c.bucketAt, rpm);
    c.bucketAt = now;
  }

  private long today() {
    return QuotaRules.today(clock);
  }
}
