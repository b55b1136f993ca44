package io.ponybunny.quota;

import io.ponybunny.cluster.ClusterConfig;
import io.ponybunny.cluster.ClusterRedis;
import io.ponybunny.cost.Usd;
import io.ponybunny.security.ExpiringCache;
import io.ponybunny.security.Identity;
import io.ponybunny.security.key.ApiKeyEntity;
import io.ponybunny.security.key.ApiKeys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The quotas of this server: who a request or a stream counts against (its principal, the API key
 * it came with, the server) and with which limits. A key's own limits only narrow its owner's. On a
 * single node they are counted in memory ({@link QuotaLedger}); in cluster mode in Redis ({@link
 * RedisQuotaLedger}), so that they hold for the whole cluster.
 */
@ApplicationScoped
public class Quotas {

  private static final Logger LOG = Logger.getLogger(Quotas.class.getName());

  @Inject QuotaSettings settings;
  @Inject UsageStore usage;
  @Inject ApiKeys keys;
  @Inject ClusterConfig cluster;
  @Inject ClusterRedis redis;

  /** The wall-clock cap on one call (ProviderManager's): a stream counts at most this long. */
  @Inject
  @ConfigProperty(name = "ponybunny.stream.max-duration-seconds", defaultValue = "600")
  long maxCallSeconds;

  /**
   * How long past its call's cap a stream's lease in Redis still counts: time for the call's end
   * (the watchdog's abort, the last retry's failure) to reach the lease's close.
   */
  static final Duration LEASE_MARGIN = Duration.ofSeconds(60);

  private Ledger ledger;
  private final ExpiringCache<String, Optional<Quota>> keyQuotas =
      new ExpiringCache<>(30_000, 10_000, System::currentTimeMillis);

  @PostConstruct
  void init() {
    UsageRecords records = new UsageRecords(usage);
    if (cluster != null && cluster.enabled()) {
      ledger =
          new RedisQuotaLedger(
              redis::commands, Clock.systemUTC(), records, streamLeaseTime(maxCallSeconds));
      LOG.info("Quotas are counted in Redis, for the whole cluster");
    } else {
      ledger = new QuotaLedger(Clock.systemUTC(), records);
    }
  }

  /** How long a stream counts at most in Redis: the calls' cap plus {@link #LEASE_MARGIN}. */
  static Duration streamLeaseTime(long maxCallSeconds) {
    return Duration.ofSeconds(Math.max(1, maxCallSeconds)).plus(LEASE_MARGIN);
  }

  /**
   * The ledger's store on {@code pb_usage}. Two streams of one subject ending together can both
   * find no row for the day and both insert one: the later transaction fails on the key, so a
   * failed add is tried once more (its update then finds the row). What still cannot be recorded is
   * logged; the ledger in memory keeps counting it.
   */
  static final class UsageRecords implements Ledger.Store {

    private final UsageStore usage;

    UsageRecords(UsageStore usage) {
      this.usage = usage;
    }

    @Override
    public Ledger.Spent spent(String subject, long epochDay) {
      return usage.spent(subject, epochDay);
    }

    @Override
    public void add(String subject, long epochDay, Ledger.Spent spent) {
      try {
        usage.add(subject, epochDay, spent);
      } catch (RuntimeException first) {
        try {
          usage.add(subject, epochDay, spent);
        } catch (RuntimeException e) {
          e.addSuppressed(first);
          LOG.log(Level.WARNING, "could not record the tokens and cost of " + subject, e);
        }
      }
    }
  }

  /** The subject naming a principal. */
  public static String principal(String name) {
    return "principal:" + name;
  }

  /** The subject naming an API key. */
  public static String key(String id) {
    return "key:" + id;
  }

  /** Counts a request that starts model work (429 with Retry-After when over a quota). */
  public void admitRequest(Identity caller) {
    ledger.admitRequest(subjects(caller.name(), keyOf(caller), false));
  }

  /**
   * Opens an LLM call of {@code owner} (through {@code keyId} when it came with an API key, else
   * null): 429 when the principal or key runs its most streams or used its tokens or its money of
   * the day, 503 when the server runs its most upstream streams.
   */
  public Ledger.Lease openStream(String owner, String keyId) {
    return ledger.openStream(subjects(owner, keyId, true));
  }

  /** A principal's quota and what it uses now. */
  public QuotaView principalView(String name) {
    Quota q = settings.principal();
    return new QuotaView(q, ledger.usage(principal(name), q));
  }

  /** A key's quota (its own limits within its owner's) and what it uses now. */
  public QuotaView keyView(ApiKeyEntity key) {
    Quota q = quotaOf(key).within(settings.principal());
    return new QuotaView(q, ledger.usage(key(key.getId()), q));
  }

  /** A quota and the usage it limits. */
  public record QuotaView(Quota quota, Ledger.Usage usage) {}

  private List<Ledger.Limited> subjects(String owner, String keyId, boolean global) {
    List<Ledger.Limited> out = new ArrayList<>(3);
    if (owner != null) {
      out.add(new Ledger.Limited(principal(owner), settings.principal()));
    }
    if (keyId != null) {
      Optional<Quota> own = keyQuotas.get(keyId);
      if (own == null) {
        own = keys.find(keyId).map(Quotas::quotaOf);
        keyQuotas.put(keyId, own);
      }
      own.ifPresent(q -> out.add(new Ledger.Limited(key(keyId), q.within(settings.principal()))));
    }
    if (global) {
      out.add(new Ledger.Limited(Ledger.GLOBAL, settings.global()));
    }
    return out;
  }

  private static String keyOf(Identity caller) {
    return caller.via() == Identity.Via.KEY ? caller.credentialId() : null;
  }

  static Quota quotaOf(ApiKeyEntity key) {
    return new Quota(
        orZero(key.getRequestsPerMinute()),
        orZero(key.getConcurrentStreams()),
        orZero(key.getTokensPerDay()),
        Usd.toNanos(key.getUsdPerDay()));
  }

  private static long orZero(Number n) {
    return n == null ? 0 : n.longValue();
  }
}
