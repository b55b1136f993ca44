package io.ponybunny.quota;

import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.ponybunny.cluster.ClusterRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link Ledger} of a cluster, counted in Redis so that every instance grants one share of each
 * quota, not one each. Each check-and-count is one Lua script over all subjects of the call ({@link
 * QuotaScripts}), so it counts in every subject or in none:
 *
 * <ul>
 *   <li>requests per minute: a token bucket per subject ({@code pb:quota:rpm:<subject>}, a hash),
 *       refilled by the Redis server's clock with {@link QuotaRules#refill}'s arithmetic;
 *   <li>concurrent streams: a sorted set of leases per subject ({@code pb:quota:streams:<subject>},
 *       score: expiry). A lease expires after the longest a call may run, so the streams of an
 *       instance that died stop counting by themselves; closing a lease removes it;
 *   <li>tokens and cost of the UTC day: counters per subject and day ({@code
 *       pb:quota:tokens:<day>:<subject>} and, in nano-dollars, {@code
 *       pb:quota:usd:<day>:<subject>}, kept 2 days), seeded once from the {@link Store} ({@code SET
 *       NX}) by the first instance that needs them and incremented when a lease closes; the store
 *       still gets every stream's tokens and cost and stays the record.
 * </ul>
 *
 * <p>Redis not answering, nothing is counted and nothing is let through unmetered: requests and
 * streams are refused with {@link QuotaExceededException.Limit#QUOTAS_UNAVAILABLE} (503 with {@code
 * Retry-After}). A lease that cannot be closed in Redis expires there by itself (its tokens are
 * still stored). The day is the instances' UTC day; their clocks matter only around midnight.
 */
public final class RedisQuotaLedger implements Ledger {

  private static final Logger LOG = Logger.getLogger(RedisQuotaLedger.class.getName());

  static final String PREFIX = "pb:quota:";

  /** An idle bucket is full again after a minute; kept a little longer, then dropped. */
  static final Duration BUCKET_TTL = Duration.ofMinutes(2);

  /** How long a day's token counter is kept (past its day, for late closes). */
  static final Duration DAY_TTL = Duration.ofDays(2);

  /** The {@code Retry-After} when Redis does not answer. */
  static final long UNAVAILABLE_RETRY_SECONDS = 5;

  /** Rounds of seeding a call tries before it gives up (a counter vanishing each time). */
  private static final int SEED_ROUNDS = 3;

  private final Supplier<RedisCommands<String, String>> redis;
  private final QuotaScripts scripts;
  private final Clock clock;
  private final Store store;
  private final long leaseMillis;
  private final AtomicBoolean down = new AtomicBoolean();

  /**
   * @param redis the commands connection (thread-safe, with a timeout)
   * @param clock the instance's clock, for the UTC day only (buckets use Redis's clock)
   * @param store the day's tokens on record
   * @param leaseTime how long a stream counts at most: the longest a call may run, plus a margin
   */
  public RedisQuotaLedger(
      Supplier<RedisCommands<String, String>> redis, Clock clock, Store store, Duration leaseTime) {
    if (leaseTime.toMillis() < 1) {
      throw new IllegalArgumentException("a stream lease lasts at least 1 ms");
    }
    this.redis = redis;
    this.scripts = new QuotaScripts(redis);
    this.clock = clock;
    this.store = store;
    this.leaseMillis = leaseTime.toMillis();
  }

  /** A stream's lease in Redis: its id in each subject's sorted set. */
  private final class Held implements Lease {
    private final List<Limited> subjects;
    private final String id;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Held(List<Limited> subjects, String id) {
      this.subjects = subjects;
      this.id = id;
    }

    @Override
    public void close(long tokensUsed, long nanoUsd) {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      Spent spent = new Spent(Math.max(0, tokensUsed), Math.max(0, nanoUsd));
      long day = today();
      try {
        counted(
            () ->
                scripts.run(
                    QuotaScripts.CLOSE,
                    leaseKeys(subjects, day),
                    List.of(id, Long.toString(spent.tokens()), Long.toString(spent.nanoUsd()))));
      } catch (QuotaExceededException unavailable) {
        // logged by counted(); the lease expires in Redis by itself and the store gets the spend
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

  @Override
  public void admitRequest(List<Limited> limited) {
    List<Limited> metered = new ArrayList<>(limited.size());
    List<String> keys = new ArrayList<>(limited.size());
    List<String> args = new ArrayList<>(limited.size() + 1);
    args.add(Long.toString(BUCKET_TTL.toMillis()));
    for (Limited l : limited) {
      long rpm = l.quota().requestsPerMinute();
      if (rpm > 0) {
        metered.add(l);
        keys.add(bucketKey(l.subject()));
        args.add(Long.toString(rpm));
      }
    }
    if (metered.isEmpty()) {
      return;
    }
    List<Object> reply = counted(() -> scripts.run(QuotaScripts.ADMIT, keys, args));
    int refused = index(reply.get(0));
    if (refused != QuotaScripts.COUNTED) {
      Limited l = metered.get(refused - 1);
      throw QuotaRules.requestRefused(
          l.subject(), l.quota().requestsPerMinute(), Double.parseDouble((String) reply.get(1)));
    }
  }

  @Override
  public Lease openStream(List<Limited> limited) {
    List<Limited> subjects = List.copyOf(limited);
    long day = today();
    String id = UUID.randomUUID().toString();
    List<String> keys = leaseKeys(subjects, day);
    List<String> args = new ArrayList<>(2 + 3 * subjects.size());
    args.add(id);
    args.add(Long.toString(leaseMillis));
    for (Limited l : subjects) {
      args.add(Long.toString(l.quota().concurrentStreams()));
      args.add(Long.toString(l.quota().tokensPerDay()));
      args.add(Long.toString(l.quota().nanoUsdPerDay()));
    }
    for (int round = 0; round <= SEED_ROUNDS; round++) {
      List<Object> reply = counted(() -> scripts.run(QuotaScripts.OPEN, keys, args));
      int answer = index(reply.get(0));
      if (answer == QuotaScripts.COUNTED) {
        return new Held(subjects, id);
      }
      if (answer == QuotaScripts.UNSEEDED) {
        for (Object i : reply.subList(1, reply.size())) {
          seed(subjects.get(index(i) - 1).subject(), day);
        }
        continue;
      }
      Limited l = subjects.get(index(reply.get(1)) - 1);
      if (answer == QuotaScripts.TOO_MANY_STREAMS) {
        throw QuotaRules.streamRefused(l.subject(), l.quota().concurrentStreams());
      }
      if (answer == QuotaScripts.NO_TOKENS_LEFT) {
        throw QuotaRules.tokensRefused(l.subject(), l.quota().tokensPerDay(), clock);
      }
      if (answer == QuotaScripts.NO_MONEY_LEFT) {
        throw QuotaRules.spendRefused(l.subject(), l.quota().nanoUsdPerDay(), clock);
      }
      throw new IllegalStateException("the quota script answered " + answer);
    }
    throw unavailable(new RedisException("the day's token counters vanished while seeded"));
  }

  @Override
  public Usage usage(String subject, Quota quota) {
    long day = today();
    List<String> keys =
        List.of(
            bucketKey(subject), streamsKey(subject), tokensKey(subject, day), usdKey(subject, day));
    List<String> args = List.of(Long.toString(quota.requestsPerMinute()));
    for (int round = 0; round <= SEED_ROUNDS; round++) {
      List<Object> reply = counted(() -> scripts.run(QuotaScripts.USAGE, keys, args));
      String tokens = (String) reply.get(2);
      String usd = (String) reply.get(3);
      if (tokens.isEmpty() || usd.isEmpty()) {
        seed(subject, day);
        continue;
      }
      String level = (String) reply.get(0);
      long available = level.isEmpty() ? -1 : QuotaRules.available(Double.parseDouble(level));
      return new Usage(
          ((Number) reply.get(1)).longValue(),
          Long.parseLong(tokens),
          available,
          Long.parseLong(usd));
    }
    throw unavailable(new RedisException("the day's counters vanished while seeded"));
  }

  /** Makes the day's counters of {@code subject} from the store, unless another instance did. */
  private void seed(String subject, long day) {
    Spent stored = store.spent(subject, day);
    counted(
        () -> {
          RedisCommands<String, String> r = redis.get();
          r.set(
              tokensKey(subject, day),
              Long.toString(stored.tokens()),
              SetArgs.Builder.nx().ex(DAY_TTL));
          return r.set(
              usdKey(subject, day),
              Long.toString(stored.nanoUsd()),
              SetArgs.Builder.nx().ex(DAY_TTL));
        });
  }

  /** Runs a Redis call; Redis failing, logs it once per outage and refuses (503). */
  private <T> T counted(Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (RedisException e) {
      if (down.compareAndSet(false, true)) {
        LOG.log(
            Level.WARNING,
            "Redis does not answer: quotas cannot be counted and calls are refused (503) until it"
                + " does ("
                + ClusterRedis.describe(String.valueOf(e))
                + ")");
      }
      throw unavailable(e);
    }
    if (down.compareAndSet(true, false)) {
      LOG.info("Redis answers again: quotas are counted");
    }
    return result;
  }

  private static QuotaExceededException unavailable(RedisException cause) {
    QuotaExceededException e =
        new QuotaExceededException(
            GLOBAL, QuotaExceededException.Limit.QUOTAS_UNAVAILABLE, 0, UNAVAILABLE_RETRY_SECONDS);
    e.initCause(cause);
    return e;
  }

  private static List<String> leaseKeys(List<Limited> subjects, long day) {
    List<String> keys = new ArrayList<>(3 * subjects.size());
    for (Limited l : subjects) {
      keys.add(streamsKey(l.subject()));
      keys.add(tokensKey(l.subject(), day));
      keys.add(usdKey(l.subject(), day));
    }
    return keys;
  }

  static String bucketKey(String subject) {
    return PREFIX + "rpm:" + subject;
  }

  static String streamsKey(String subject) {
    return PREFIX + "streams:" + subject;
  }

  static String tokensKey(String subject, long day) {
    return PREFIX + "tokens:" + day + ":" + subject;
  }

  /** The counter of a subject's cost of the day, in nano-dollars. */
  static String usdKey(String subject, long day) {
    return PREFIX + "usd:" + day + ":" + subject;
  }

  private static int index(Object reply) {
    return ((Number) reply).intValue();
  }

  private long today() {
    return QuotaRules.today(clock);
  }
}
