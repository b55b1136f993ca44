package io.ponybunny.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.quota.QuotaExceededException.Limit;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaLedgerTest {

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-12-06T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  /** Tokens and cost per subject and day, as the usage table keeps them. */
  static final class MapStore implements QuotaLedger.Store {
    final Map<String, Ledger.Spent> rows = new HashMap<>();

    @Override
    public Ledger.Spent spent(String subject, long epochDay) {
      return rows.getOrDefault(subject + "@" + epochDay, Ledger.Spent.NONE);
    }

    @Override
    public void add(String subject, long epochDay, Ledger.Spent spent) {
      rows.merge(
          subject + "@" + epochDay,
          spent,
          (a, b) -> new Ledger.Spent(a.tokens() + b.tokens(), a.nanoUsd() + b.nanoUsd()));
    }

    void add(String subject, long epochDay, long tokens) {
      add(subject, epochDay, new Ledger.Spent(tokens, 0));
    }

    long tokens(String subject, long epochDay) {
      return spent(subject, epochDay).tokens();
    }
  }

  final TestClock clock = new TestClock();
  final MapStore store = new MapStore();
  final QuotaLedger ledger = new QuotaLedger(clock, store);

  static QuotaLedger.Limited alice(Quota q) {
    return new QuotaLedger.Limited("principal:alice", q);
  }

  @Test
  void requestsPerMinuteIsATokenBucketWithRetryAfter() {
    List<QuotaLedger.Limited> who = List.of(alice(new Quota(3, 0, 0)));
    ledger.admitRequest(who);
    ledger.admitRequest(who);
    ledger.admitRequest(who);
    QuotaExceededException e =
        assertThrows(QuotaExceededException.class, () -> ledger.admitRequest(who));
    assertEquals(Limit.REQUESTS_PER_MINUTE, e.limit());
    assertEquals(429, e.status());
    assertEquals(20, e.retryAfterSeconds(), "one request comes back every 20 s at 3/min");

    clock.advance(Duration.ofSeconds(20));
    ledger.admitRequest(who);
    assertThrows(QuotaExceededException.class, () -> ledger.admitRequest(who));
  }

  @Test
  void aRefusalByTheKeyCountsNothingAgainstThePrincipal() {
    QuotaLedger.Limited principal = alice(new Quota(2, 0, 0));
    QuotaLedger.Limited key = new QuotaLedger.Limited("key:k1", new Quota(1, 0, 0));
    ledger.admitRequest(List.of(principal, key));
    assertThrows(QuotaExceededException.class, () -> ledger.admitRequest(List.of(principal, key)));
    // The principal still has one request: the refused one was not counted.
    ledger.admitRequest(List.of(principal));
    assertThrows(QuotaExceededException.class, () -> ledger.admitRequest(List.of(principal)));
  }

  @Test
  void concurrentStreamsAreHeldUntilTheLeaseCloses() {
    List<QuotaLedger.Limited> who = List.of(alice(new Quota(0, 2, 0)));
    QuotaLedger.Lease a = ledger.openStream(who);
    ledger.openStream(who);
    QuotaExceededException e =
        assertThrows(QuotaExceededException.class, () -> ledger.openStream(who));
    assertEquals(Limit.CONCURRENT_STREAMS, e.limit());
    a.close(0);
    a.close(0); // once only
    ledger.openStream(who);
    assertThrows(QuotaExceededException.class, () -> ledger.openStream(who));
    assertEquals(2, ledger.usage("principal:alice", who.get(0).quota()).activeStreams());
  }

  @Test
  void theGlobalCapAnswers503() {
    List<QuotaLedger.Limited> global =
        List.of(new QuotaLedger.Limited(QuotaLedger.GLOBAL, new Quota(0, 1, 0)));
    ledger.openStream(global);
    QuotaExceededException e =
        assertThrows(QuotaExceededException.class, () -> ledger.openStream(global));
    assertEquals(Limit.UPSTREAM_STREAMS, e.limit());
    assertEquals(503, e.status());
  }

  @Test
  void tokensPerDayCountStoredUsageAndResetAtUtcMidnight() {
    long today = java.time.LocalDate.parse("2026-12-06").toEpochDay();
    store.add("principal:alice", today, 900);
    List<QuotaLedger.Limited> who = List.of(alice(new Quota(0, 0, 1000)));
    ledger.openStream(who).close(150); // 1050 now
    assertEquals(1050, store.tokens("principal:alice", today), "the stream's tokens are stored");
    QuotaExceededException e =
        assertThrows(QuotaExceededException.class, () -> ledger.openStream(who));
    assertEquals(Limit.TOKENS_PER_DAY, e.limit());
    assertEquals(14 * 3600, e.retryAfterSeconds(), "until UTC midnight");

    clock.advance(Duration.ofHours(14));
    ledger.openStream(who).close(10);
    assertEquals(10, ledger.usage("principal:alice", who.get(0).quota()).tokensToday());
  }

  @Test
  void aKeysOwnLimitsOnlyNarrowItsOwners() {
    Quota owner = new Quota(600, 20, 1_000_000);
    assertEquals(new Quota(10, 20, 1_000_000), new Quota(10, 0, 0).within(owner));
    assertEquals(owner, new Quota(6000, 200, 0).within(owner));
    assertEquals(new Quota(5, 0, 0), new Quota(5, 0, 0).within(Quota.UNLIMITED));
  }

  /** 1 USD, in nano-dollars. */
  static final long USD = 1_000_000_000L;

  @Test
  void usdPerDayCountsStoredSpendAndRefusesUntilUtcMidnight() {
    long today = java.time.LocalDate.parse("2026-12-06").toEpochDay();
    store.add("principal:alice", today, new Ledger.Spent(5_000, 9 * USD / 10)); // 0.90 USD
    List<QuotaLedger.Limited> who = List.of(alice(new Quota(0, 0, 0, USD)));
    Ledger.Lease running = ledger.openStream(who);
    ledger.openStream(who).close(100, 15 * USD / 100); // 1.05 USD: started under it, counted
    assertEquals(
        new Ledger.Spent(5_100, 105 * USD / 100),
        store.spent("principal:alice", today),
        "the stream's tokens and cost are stored");
    QuotaExceededException e =
        assertThrows(QuotaExceededException.class, () -> ledger.openStream(who));
    assertEquals(Limit.USD_PER_DAY, e.limit());
    assertEquals("usd-per-day", e.limit().wireName());
    assertEquals(429, e.status());
    assertEquals(new BigDecimal("1"), e.value());
    assertEquals(14 * 3600, e.retryAfterSeconds(), "until UTC midnight");
    assertTrue(
        e.getMessage().contains("USD per day quota of principal 'alice' (1)"), e.getMessage());
    running.close(1, 1); // a stream running meanwhile still finishes and counts
    assertEquals(
        105 * USD / 100 + 1, ledger.usage("principal:alice", who.get(0).quota()).nanoUsdToday());

    clock.advance(Duration.ofHours(14));
    ledger.openStream(who).close(10, USD / 100);
    assertEquals(USD / 100, ledger.usage("principal:alice", who.get(0).quota()).nanoUsdToday());
  }

  @Test
  void aStreamOfAModelWithoutAPriceCountsTokensButNoSpend() {
    List<QuotaLedger.Limited> who = List.of(alice(new Quota(0, 0, 0, 1)));
    ledger.openStream(who).close(500);
    Ledger.Usage u = ledger.usage("principal:alice", who.get(0).quota());
    assertEquals(500, u.tokensToday());
    assertEquals(0, u.nanoUsdToday());
    ledger.openStream(who).close(0, 0);
  }

  @Test
  void aKeysSpendLimitOnlyNarrowsItsOwners() {
    assertEquals(new Quota(0, 0, 0, 5), new Quota(0, 0, 0, 5).within(new Quota(0, 0, 0, 9)));
    assertEquals(new Quota(0, 0, 0, 5), new Quota(0, 0, 0, 9).within(new Quota(0, 0, 0, 5)));
    assertEquals(new Quota(0, 0, 0, 5), new Quota(0, 0, 0, 0).within(new Quota(0, 0, 0, 5)));
    assertEquals(new BigDecimal("2.500000000"), new Quota(0, 0, 0, 5 * USD / 2).usdPerDay());
  }
}
