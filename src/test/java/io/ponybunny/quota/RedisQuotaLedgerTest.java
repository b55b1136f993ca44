package io.ponybunny.quota;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.ponybunny.quota.QuotaExceededException.Limit;
import io.ponybunny.testing.RedisServer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances' ledgers on one real Redis share every quota: requests per minute, concurrent
 * streams (the server's cap included) and tokens per day, counted in all subjects of a call or in
 * none; the streams of a dead instance stop counting when their leases expire; the day's tokens are
 * read from the store once for the cluster; Redis away, everything is refused with 503.
 */
class RedisQuotaLedgerTest {

  private static final Duration LEASE = Duration.ofMinutes(11);
  private static final long TODAY = LocalDate.parse("2026-12-06").toEpochDay();

  /** The usage table, counting its reads. */
  private static final class CountingStore implements Ledger.Store {
    final Map<String, Ledger.Spent> rows = new ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public Ledger.Spent spent(String subject, long epochDay) {
      reads.incrementAndGet();
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

    long row(String subject, long epochDay) {
      return rows.getOrDefault(subject + "@" + epochDay, Ledger.Spent.NONE).tokens();
    }

    long nanoUsd(String subject, long epochDay) {
      return rows.getOrDefault(subject + "@" + epochDay, Ledger.Spent.NONE).nanoUsd();
    }
  }

  private final QuotaLedgerTest.TestClock clock = new QuotaLedgerTest.TestClock();
  private final CountingStore store = new CountingStore();
  private RedisServer redis;
  private RedisClient client;
  private StatefulRedisConnection<String, String> first;
  private StatefulRedisConnection<String, String> second;

  @BeforeEach
  void start() throws Exception {
    redis = new RedisServer();
    client = RedisClient.create(redis.url());
    // as ClusterRedis: refuse at once while disconnected, answer within a timeout
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
            .build());
    first = client.connect();
    second = client.connect();
  }

  @AfterEach
  void stop() {
    client.shutdown();
    redis.close();
  }

  /** The ledger of one instance, with its own connection. */
  private RedisQuotaLedger instance(StatefulRedisConnection<String, String> c, Duration lease) {
    return new RedisQuotaLedger(c::sync, clock, store, lease);
  }

  private static Ledger.Limited alice(Quota q) {
    return new Ledger.Limited("principal:alice", q);
  }

  @Test
  void requestsPerMinuteAreOneBucketForTheCluster() {
    Ledger one = instance(first, LEASE);
    Ledger two = instance(second, LEASE);
    List<Ledger.Limited> who = List.of(alice(new Quota(3, 0, 0)));
    one.admitRequest(who);
    two.admitRequest(who);
    one.admitRequest(who);
    for (Ledger l : List.of(one, two)) {
      QuotaExceededException e =
          assertThrows(QuotaExceededException.class, () -> l.admitRequest(who));
      assertEquals(Limit.REQUESTS_PER_MINUTE, e.limit());
      assertEquals(429, e.status());
      assertEquals(3L, e.value());
      assertEquals(20, e.retryAfterSeconds(), "one request comes back every 20 s at 3/min");
    }
    assertEquals(0, two.usage("principal:alice", who.get(0).quota()).requestsAvailable());
    assertEquals(-1, two.usage("principal:alice", Quota.UNLIMITED).requestsAvailable());
  }

  @Test
  void anEmptyBucketRefillsEvenlyOverTheMinute() throws Exception {
    Ledger one = instance(first, LEASE);
    Ledger two = instance(second, LEASE);
    List<Ledger.Limited> who = List.of(alice(new Quota(120, 0, 0))); // one every 500 ms
    assertEquals(120, two.usage("principal:alice", who.get(0).quota()).requestsAvailable());
    QuotaExceededException refused = null;
    for (int i = 0; i < 200 && refused == null; i++) {
      try {
        (i % 2 == 0 ? one : two).admitRequest(who);
      } catch (QuotaExceededException e) {
        refused = e;
      }
    }
    assertTrue(refused != null, "120 per minute cannot admit 200 at once");
    assertEquals(1, refused.retryAfterSeconds(), "the next request is less than 500 ms away");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try {
        two.admitRequest(who);
        break;
      } catch (QuotaExceededException notYet) {
        if (System.nanoTime() > deadline) {
          fail("the bucket did not refill in 5 s");
        }
        Thread.sleep(20);
      }
    }
  }

  @Test
  void aRefusalByOneSubjectCountsInNoneOnAnyInstance() {
    Ledger one = instance(first, LEASE);
    Ledger two = instance(second, LEASE);
    Ledger.Limited principal = alice(new Quota(2, 2, 0));
    Ledger.Limited key = new Ledger.Limited("key:k1", new Quota(1, 1, 0));

    one.admitRequest(List.of(principal, key));
    QuotaExceededException e =
        assertThrows(QuotaExceededException.class, () -> two.admitRequest(List.of(principal, key)));
    assertEquals("key:k1", e.subject());
    two.admitRequest(List.of(principal)); // the refused request was not counted for alice
    assertThrows(QuotaExceededException.class, () -> one.admitRequest(List.of(principal)));

    Ledger.Lease viaKey = one.openStream(List.of(principal, key));
    e = assertThrows(QuotaExceededException.class, () -> two.openStream(List.of(principal, key)));
    assertEquals("key:k1", e.subject());
    assertEquals(Limit.CONCURRENT_STREAMS, e.limit());
    assertEquals(1, two.usage("principal:alice", principal.quota()).activeStreams());
    two.openStream(List.of(principal)); // alice's second stream: the refused one was not opened
    assertThrows(QuotaExceededException.class, () -> one.openStream(List.of(principal)));
    viaKey.close(0);
    assertEquals(0, one.usage("key:k1", key.quota()).activeStreams());
    assertEquals(1, one.usage("principal:alice", principal.quota()).activeStreams());
  }

  @Test
  void concurrentStreamsAreCountedForTheClusterUntilTheirLeasesClose() {
    Ledger one = instance(first, LEASE);
    Ledger two = instance(second, LEASE);
    List<Ledger.Limited> who = List.of(alice(new Quota(0, 2, 0)));
    Ledger.Lease a = one.openStream(who);
    two.openStream(who);
    QuotaExceededException e =
        assertThrows(QuotaExceededException.class, () -> one.openStream(who));
    assertEquals(Limit.CONCURRENT_STREAMS, e.limit());
    assertEquals(429, e.status());
    assertThrows(QuotaExceededException.class, () -> two.openStream(who));
    a.close(0);
    a.close(0); // once only
    two.openStream(who);
    assertThrows(QuotaExceededException.class, () -> one.openStream(who));
    assertEquals(2, one.usage("principal:alice", who.get(0).quota()).activeStreams());
  }

  @Test
  void theServersCapOnUpstreamStreamsIsTheClustersAndAnswers503() {
    Ledger one = instance(first, LEASE);
    Ledger two = instance(second, LEASE);
    List<Ledger.Limited> global = List.of(new Ledger.Limited(Ledger.GLOBAL, new Quota(0, 1, 0)));
    one.openStream(global);
    QuotaExceededException e =
        assertThrows(QuotaExceededException.class, () -> two.openStream(global));
    assertEquals(Limit.UPSTREAM_STREAMS, e.limit());
    assertEquals(503, e.status());
  }

  @Test
  void theStreamsOfADeadInstanceStopCountingWhenTheirLeasesExpire() throws Exception {
    Ledger dying = instance(first, Duration.ofMillis(300));
    Ledger alive = instance(second, Duration.ofMillis(300));
    List<Ledger.Limited> who = List.of(alice(new Quota(0, 1, 0)));
    dying.openStream(who); // never closed: its instance dies
    assertThrows(QuotaExceededException.class, () -> alive.openStream(who));
    assertTrue(first.sync().pttl(RedisQuotaLedger.streamsKey("principal:alice")) <= 300);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try {
        alive.openStream(who).close(0);
        break;
      } catch (QuotaExceededException stillCounted) {
        if (System.nanoTime() > deadline) {
          fail("the dead instance's stream still counts after 5 s");
        }
        Thread.sleep(20);
      }
    }
    assertEquals(0, alive.usage("principal:alice", who.get(0).quota()).activeStreams());
  }

  @Test
  void tokensOfTheDayAreSeededFromTheStoreOnceAndCountedForTheCluster() {
    store.add("principal:alice", TODAY, 900);
    Ledger one = instance(first, LEASE);
    Ledger two = instance(second, LEASE);
    List<Ledger.Limited> who = List.of(alice(new Quota(0, 0, 1000)));

    two.openStream(who).close(50); // 950 now, counted on another instance
    one.openStream(who).close(100); // started under the limit: finishes
    assertEquals(1, store.reads.get(), "the store is read once for the cluster");
    assertEquals(1050, store.row("principal:alice", TODAY), "every stream's tokens are stored");
    for (Ledger l : List.of(one, two)) {
      QuotaExceededException e =
          assertThrows(QuotaExceededException.class, () -> l.openStream(who));
      assertEquals(Limit.TOKENS_PER_DAY, e.limit());
      assertEquals(14 * 3600, e.retryAfterSeconds(), "until UTC midnight");
      assertEquals(1050, l.usage("principal:alice", who.get(0).quota()).tokensToday());
    }
    assertEquals(1, store.reads.get());
    long ttl = first.sync().ttl(RedisQuotaLedger.tokensKey("principal:alice", TODAY));
    assertTrue(ttl > 86_400 && ttl <= 2 * 86_400, "kept two days: " + ttl);

    clock.advance(Duration.ofHours(14)); // the next UTC day
    two.openStream(who).close(10);
    assertEquals(10, one.usage("principal:alice", who.get(0).quota()).tokensToday());
    assertEquals(2, store.reads.get(), "the new day is read once");
  }

  @Test
  void aRefusalForTokensOpensNoStreamOnAnySubject() {
    store.add("key:k1", TODAY, 500);
    Ledger one = instance(first, LEASE);
    Ledger.Limited principal = alice(new Quota(0, 5, 0));
    Ledger.Limited key = new Ledger.Limited("key:k1", new Quota(0, 5, 500));
    QuotaExceededException e =
        assertThrows(QuotaExceededException.class, () -> one.openStream(List.of(principal, key)));
    assertEquals("key:k1", e.subject());
    assertEquals(Limit.TOKENS_PER_DAY, e.limit());
    assertEquals(0, one.usage("principal:alice", principal.quota()).activeStreams());
  }

  @Test
  void redisAwayRefusesEverythingWith503AndTheStoreKeepsTheTokens() throws Exception {
    Ledger one = instance(first, LEASE);
    Ledger.Limited who = alice(new Quota(10, 5, 1000));
    Ledger.Lease running = one.openStream(List.of(who));
    assertEquals(1, store.reads.get());

    redis.stop();
    for (Runnable call :
        List.<Runnable>of(
            () -> one.admitRequest(List.of(who)),
            () -> one.openStream(List.of(who)),
            () -> one.usage("principal:alice", who.quota()))) {
      QuotaExceededException e = assertThrows(QuotaExceededException.class, call::run);
      assertEquals(Limit.QUOTAS_UNAVAILABLE, e.limit());
      assertEquals(503, e.status());
      assertEquals(RedisQuotaLedger.UNAVAILABLE_RETRY_SECONDS, e.retryAfterSeconds());
    }
    assertDoesNotThrow(() -> running.close(40), "a lease closes while Redis is away");
    assertEquals(40, store.row("principal:alice", TODAY), "its tokens are stored all the same");

    redis.start(); // empty: every count is gone
    Supplier<Ledger.Usage> usage = () -> one.usage("principal:alice", who.quota());
    Ledger.Usage after = awaitCounting(usage);
    assertEquals(40, after.tokensToday(), "the day's counter is seeded from the store again");
    assertEquals(0, after.activeStreams());
    one.openStream(List.of(who)).close(0); // the scripts are sent again after the restart
  }

  /** Polls until Redis answers again (Lettuce reconnects by itself). */
  private static <T> T awaitCounting(Supplier<T> call) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      try {
        return call.get();
      } catch (QuotaExceededException e) {
        if (e.limit() != Limit.QUOTAS_UNAVAILABLE || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  @Test
  void spendOfTheDayIsSeededFromTheStoreOnceAndCountedForTheCluster() {
    long usd = 1_000_000_000L;
    store.add("principal:alice", TODAY, new Ledger.Spent(0, 9 * usd / 10));
    Ledger one = instance(first, LEASE);
    Ledger two = instance(second, LEASE);
    List<Ledger.Limited> who = List.of(alice(new Quota(0, 0, 0, usd)));

    two.openStream(who).close(10, 5 * usd / 100); // 0.95 USD, on another instance
    one.openStream(who).close(10, 10 * usd / 100); // started under the limit: finishes
    assertEquals(1, store.reads.get(), "the store is read once for the cluster");
    assertEquals(105 * usd / 100, store.nanoUsd("principal:alice", TODAY));
    for (Ledger l : List.of(one, two)) {
      QuotaExceededException e =
          assertThrows(QuotaExceededException.class, () -> l.openStream(who));
      assertEquals(Limit.USD_PER_DAY, e.limit());
      assertEquals(14 * 3600, e.retryAfterSeconds(), "until UTC midnight");
      assertEquals(105 * usd / 100, l.usage("principal:alice", who.get(0).quota()).nanoUsdToday());
    }
    long ttl = first.sync().ttl(RedisQuotaLedger.usdKey("principal:alice", TODAY));
    assertTrue(ttl > 86_400 && ttl <= 2 * 86_400, "kept two days: " + ttl);

    clock.advance(Duration.ofHours(14)); // the next UTC day
    two.openStream(who).close(10, usd / 100);
    assertEquals(usd / 100, one.usage("principal:alice", who.get(0).quota()).nanoUsdToday());
  }

  @Test
  void aRefusalForSpendByTheKeyOpensNoStreamOnThePrincipal() {
    Ledger one = instance(first, LEASE);
    Ledger.Limited principal = alice(new Quota(0, 1, 0));
    Ledger.Limited key = new Ledger.Limited("key:k1", new Quota(0, 0, 0, 1));
    one.openStream(List.of(principal, key)).close(1, 1);
    QuotaExceededException e =
        assertThrows(QuotaExceededException.class, () -> one.openStream(List.of(principal, key)));
    assertEquals(Limit.USD_PER_DAY, e.limit());
    assertEquals("key:k1", e.subject());
    assertEquals(0, one.usage("principal:alice", principal.quota()).activeStreams());
    one.openStream(List.of(principal)); // the principal's one stream is free
  }
}
