package io.ponybunny.quota;

import io.ponybunny.security.ExpiringCache;
import io.ponybunny.security.Identity;
import io.ponybunny.security.key.ApiKeyEntity;
import io.ponybunny.security.key.ApiKeys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The quotas of this server: who a request or a stream counts against (its principal, the API key
 * it came with, the server) and with which limits. A key's own limits only narrow its owner's.
 */
@ApplicationScoped
public class Quotas {

  private static final Logger LOG = Logger.getLogger(Quotas.class.getName());

  @Inject QuotaSettings settings;
  @Inject UsageStore usage;
  @Inject ApiKeys keys;

  private QuotaLedger ledger;
  private final ExpiringCache<String, Optional<Quota>> keyQuotas =
      new ExpiringCache<>(30_000, 10_000, System::currentTimeMillis);

  @PostConstruct
  void init() {
    ledger = new QuotaLedger(Clock.systemUTC(), new UsageRecords(usage));
  }

  /**
   * The ledger's store on {@code pb_usage}. Two streams of one subject ending together can both
   * find no row for the day and both insert one: the later transaction fails on the key, so a
   * failed add is tried once more (its update then finds the row). Tokens that still cannot be
   * recorded are logged; the ledger in memory keeps counting them.
   */
  static final class UsageRecords implements QuotaLedger.Store {

    private final UsageStore usage;

    UsageRecords(UsageStore usage) {
      this.usage = usage;
    }

    @Override
    public long tokens(String subject, long epochDay) {
      return usage.tokens(subject, epochDay);
    }

    @Override
    public void add(String subject, long epochDay, long tokens) {
      try {
        usage.add(subject, epochDay, tokens);
      } catch (RuntimeException first) {
        try {
          usage.add(subject, epochDay, tokens);
        } catch (RuntimeException e) {
          e.addSuppressed(first);
          LOG.log(Level.WARNING, "could not record the tokens of " + subject, e);
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
   * null): 429 when the principal or key runs its most streams or used its tokens of the day, 503
   * when the server runs its most upstream streams.
   */
  public QuotaLedger.Lease openStream(String owner, String keyId) {
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
  public record QuotaView(Quota quota, QuotaLedger.Usage usage) {}

  private List<QuotaLedger.Limited> subjects(String owner, String keyId, boolean global) {
    List<QuotaLedger.Limited> out = new ArrayList<>(3);
    if (owner != null) {
      out.add(new QuotaLedger.Limited(principal(owner), settings.principal()));
    }
    if (keyId != null) {
      Optional<Quota> own = keyQuotas.get(keyId);
      if (own == null) {
        own = keys.find(keyId).map(Quotas::quotaOf);
        keyQuotas.put(keyId, own);
      }
      own.ifPresent(
          q -> out.add(new QuotaLedger.Limited(key(keyId), q.within(settings.principal()))));
    }
    if (global) {
      out.add(new QuotaLedger.Limited(QuotaLedger.GLOBAL, settings.global()));
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
        orZero(key.getTokensPerDay()));
  }

  private static long orZero(Number n) {
    return n == null ? 0 : n.longValue();
  }
}
