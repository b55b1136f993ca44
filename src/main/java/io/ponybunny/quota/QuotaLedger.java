package io.ponybunny.quota;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The quota policy: per subject ({@code principal:<name>}, {@code key:<id>}, {@link #GLOBAL}) a
 * token bucket of requests, a count of running streams and the tokens of the current UTC day. A
 * request or stream is checked against every subject it counts for (its principal, its key, the
 * server) and counted in all of them or in none. Tokens of earlier starts are read once per subject
 * and day through {@link Store}, and each stream's tokens are added through it when it ends.
 */
public final class QuotaLedger {

  /** The subject of server-wide limits (the cap on concurrent upstream streams). */
  public static final String GLOBAL = "global";

  /**
   * The most subjects kept in memory; beyond, idle ones are forgotten (their tokens are stored).
   */
  static final int MAX_SUBJECTS = 100_000;

  /** A subject and the quota that applies to it. */
  public record Limited(String subject, Quota quota) {}

  /** What a subject uses now. */
  public record Usage(long activeStreams, long tokensToday, long requestsAvailable) {}

  /** Where tokens per subject and UTC day (epoch day) are kept. */
  public interface Store {
    long tokens(String subject, long epochDay);

    void add(String subject, long epochDay, long tokens);
  }

  /** A running stream's hold on its subjects; {@link #close} once, with the tokens it used. */
  public final class Lease {
    private final List<Limited> subjects;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Lease(List<Limited> subjects) {
      this.subjects = subjects;
    }

    public void close(long tokensUsed) {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      long day = today();
      synchronized (QuotaLedger.this) {
        for (Limited l : subjects) {
          Counters c = counters(l.subject());
          c.streams--;
          if (tokensUsed > 0) {
            c.rollTo(day);
            c.tokens += tokensUsed;
          }
        }
      }
      if (tokensUsed > 0) {
        for (Limited l : subjects) {
          if (!GLOBAL.equals(l.subject())) {
            store.add(l.subject(), day, tokensUsed);
          }
        }
      }
    }
  }

  private static final class Counters {
    double bucket = -1; // requests available; -1: full at first use
    long bucketAt;
    long streams;
    long day = Long.MIN_VALUE; // the UTC day {@link #tokens} counts
    long tokens;

    void rollTo(long today) {
      if (day != today) {
        day = today;
        tokens = 0;
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

  /** Counts one request against every subject, or throws and counts none. */
  public void admitRequest(List<Limited> limited) {
    long now = clock.millis();
    synchronized (this) {
      for (Limited l : limited) {
        long rpm = l.quota().requestsPerMinute();
        if (rpm > 0) {
          Counters c = counters(l.subject());
          refill(c, rpm, now);
          if (c.bucket < 1) {
            double perMs = rpm / 60_000.0;
            long waitMs = (long) Math.ceil((1 - c.bucket) / perMs);
            throw new QuotaExceededException(
                l.subject(),
                QuotaExceededException.Limit.REQUESTS_PER_MINUTE,
                rpm,
                Math.max(1, (waitMs + 999) / 1000));
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

  /**
   * Opens a stream on every subject (checking its concurrent streams and its tokens of the day), or
   * throws and opens none.
   */
  public Lease openStream(List<Limited> limited) {
    long day = today();
    for (Limited l : limited) {
      if (l.quota().tokensPerDay() > 0) {
        loadDay(l.subject(), day);
      }
    }
    synchronized (this) {
      for (Limited l : limited) {
        Counters c = counters(l.subject());
        Quota q = l.quota();
        if (q.concurrentStreams() > 0 && c.streams >= q.concurrentStreams()) {
          throw new QuotaExceededException(
              l.subject(),
              GLOBAL.equals(l.subject())
                  ? QuotaExceededException.Limit.UPSTREAM_STREAMS
                  : QuotaExceededException.Limit.CONCURRENT_STREAMS,
              q.concurrentStreams(),
              1);
        }
        if (q.tokensPerDay() > 0) {
          c.rollTo(day);
          if (c.tokens >= q.tokensPerDay()) {
            throw new QuotaExceededException(
                l.subject(),
                QuotaExceededException.Limit.TOKENS_PER_DAY,
                q.tokensPerDay(),
                secondsToMidnight());
          }
        }
      }
      for (Limited l : limited) {
        counters(l.subject()).streams++;
      }
    }
    return new Lease(List.copyOf(limited));
  }

  /** What {@code subject} uses now, under {@code quota}. */
  public Usage usage(String subject, Quota quota) {
    long day = today();
    if (quota.tokensPerDay() > 0 || !subjects.containsKey(subject)) {
      loadDay(subject, day);
    }
    synchronized (this) {
      Counters c = counters(subject);
      c.rollTo(day);
      long available = -1;
      if (quota.requestsPerMinute() > 0) {
        refill(c, quota.requestsPerMinute(), clock.millis());
        available = (long) Math.floor(c.bucket);
      }
      return new Usage(c.streams, c.tokens, available);
    }
  }

  /** Reads the stored tokens of a subject's day once (outside the ledger's lock). */
  private void loadDay(String subject, long day) {
    Counters c = subjects.get(subject);
    synchronized (this) {
      if (c != null && c.day == day) {
        return;
      }
    }
    long stored = store.tokens(subject, day);
    synchronized (this) {
      Counters now = counters(subject);
      if (now.day != day) {
        now.day = day;
        now.tokens = stored;
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
    if (c.bucket < 0) {
      c.bucket = rpm;
      c.bucketAt = now;
      return;
    }
    double perMs = rpm / 60_000.0;
    c.bucket = Math.min(rpm, c.bucket + (now - c.bucketAt) * perMs);
    c.bucketAt = now;
  }

  private long today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toEpochDay();
  }

  private long secondsToMidnight() {
    long midnight = (today() + 1) * 86_400_000L;
    return Math.max(1, (midnight - clock.millis() + 999) / 1000);
  }

  /** How a subject is named in answers: "principal 'alice'", "API key 'k_…'". */
  static String describe(String subject) {
    if (subject.startsWith("principal:")) {
      return "principal '" + subject.substring("principal:".length()) + "'";
    }
    if (subject.startsWith("key:")) {
      return "API key '" + subject.substring("key:".length()) + "'";
    }
    return subject;
  }
}
