package io.ponybunny.broadcast.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.ponybunny.broadcast.StreamFrames;
import io.ponybunny.broadcast.redis.RedisChannelLog.Entry;
import io.ponybunny.broadcast.redis.RedisChannelLog.Head;
import io.ponybunny.broadcast.redis.RedisChannelLog.Range;
import io.ponybunny.broadcast.redis.RedisChannelLog.Settings;
import io.ponybunny.testing.RedisServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RedisChannelLog} against a real Redis ({@link RedisServer}). */
class RedisChannelLogTest {

  private static final long DEADLINE_MILLIS = 30_000;
  private static final String CHUNK = "llm.stream.chunk";
  private static final Pattern DATA = Pattern.compile("\\{\"t\":(\\d+),\\n \"k\":(\\d+),");

  private RedisServer server;
  private ClientResources resources;
  private final List<RedisClient> clients = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void startRedis() throws IOException {
    server = new RedisServer();
    resources =
        ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(50))).build();
  }

  @AfterEach
  void stopRedis() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    clients.forEach(RedisClient::shutdown);
    resources.shutdown().get(10, TimeUnit.SECONDS);
    server.close();
  }

  private RedisClient client(String url) {
    RedisClient client = RedisClient.create(resources, url);
    clients.add(client);
    return client;
  }

  private RedisChannelLog log(RedisClient client, Settings settings, Recorder recorder) {
    RedisChannelLog log = new RedisChannelLog(client, settings, recorder);
    closeables.add(log);
    return log;
  }

  private StatefulRedisConnection<String, String> raw(RedisClient client) {
    StatefulRedisConnection<String, String> c = client.connect();
    closeables.add(c);
    return c;
  }

  private static Settings settings(int maxEvents, long ttlMillis, int maxBatch, int maxPending) {
    return new Settings("pbtest:", maxEvents, ttlMillis, maxBatch, maxPending, 2_000);
  }

  /** Event data as the server writes it, with a line break (pretty JSON may have them). */
  private static String data(int thread, int k) {
    return "{\"t\":" + thread + ",\n \"k\":" + k + ",\"text\":\"é → ✓ \\\"q\\\"\"}";
  }

  @Test
  void everyInstanceSeesEachChannelGaplessInOneOrder() throws Exception {
    List<String> channels = List.of("goal:g_1", "owner:alice", "streams");
    Settings settings = settings(100_000, 60_000, 500, 100_000);
    Recorder seenByA = new Recorder();
    Recorder seenByB = new Recorder();
    RedisChannelLog a = log(client(server.url()), settings, seenByA);
    RedisChannelLog b = log(client(server.url()), settings, seenByB);
    for (String channel : channels) {
      a.follow(channel);
      b.follow(channel);
    }

    int perThread = 1000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> appenders = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      RedisChannelLog via = t < 2 ? a : b;
      Thread appender =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int k = 0; k < perThread; k++) {
                  for (String channel : channels) {
                    via.append(channel, CHUNK, data(thread, k), 1_700_000_000_000L + k);
                  }
                }
              });
      appender.start();
      appenders.add(appender);
    }
    go.countDown();
    for (Thread appender : appenders) {
      appender.join();
    }

    int perChannel = 4 * perThread;
    for (String channel : channels) {
      List<Entry> atA = seenByA.await(channel, perChannel);
      List<Entry> atB = seenByB.await(channel, perChannel);
      assertEquals(atA, atB, channel + ": both instances see the same entries in the same order");
      String epoch = atA.get(0).epoch();
      Map<Integer, Integer> nextK = new HashMap<>();
      for (int i = 0; i < perChannel; i++) {
        Entry e = atA.get(i);
        assertEquals(epoch, e.epoch());
        assertEquals(i + 1, e.seq(), channel + ": seq is gapless from 1");
        Matcher m = DATA.matcher(e.data());
        assertTrue(m.lookingAt(), e.data());
        int thread = Integer.parseInt(m.group(1));
        int k = Integer.parseInt(m.group(2));
        assertEquals(data(thread, k), e.data(), "data comes back byte for byte");
        assertEquals(
            nextK.getOrDefault(thread, 0), k, channel + ": thread " + thread + " keeps its order");
        nextK.put(thread, k + 1);
        assertEquals(1_700_000_000_000L + k, e.timestamp());
        assertEquals(StreamFrames.event(CHUNK, epoch, i + 1, e.data()), e.frame());
      }
      assertEquals(
          "{\"type\":\"event\",\"event\":\"llm.stream.chunk\",\"epoch\":\""
              + epoch
              + "\",\"seq\":1,\"data\":"
              + atA.get(0).data()
              + "}",
          atA.get(0).frame());
      assertEquals(new Head(epoch, perChannel), a.head(channel));
      Range stored = b.range(channel, epoch, 0, 2 * perChannel);
      assertEquals(new Range(epoch, perChannel, atA, true), stored, "the stream holds the same");
    }
    assertEquals(0, a.dropped() + b.dropped());
    assertTrue(seenByA.deliveredOnlyOn("pb-redis-log-delivery-"), "one thread of the log");
  }

  @Test
  void onlyFollowedChannelsAreDelivered() throws Exception {
    Recorder seen = new Recorder();
    RedisChannelLog log = log(client(server.url()), settings(1000, 60_000, 10, 1000), seen);
    log.follow("goal:a");
    log.follow("goal:b");
    log.append("goal:a", CHUNK, data(0, 0), 0);
    seen.await("goal:a", 1);
    log.unfollow("goal:a");
    log.append("goal:a", CHUNK, data(0, 1), 1);
    log.append("goal:c", CHUNK, data(0, 2), 2);
    log.append("goal:b", CHUNK, data(0, 3), 3);
    // Entries come in the order Redis published them: goal:b's is the last of the three.
    seen.await("goal:b", 1);
    assertEquals(1, seen.await("goal:a", 1).size(), "nothing after unfollow");
    assertEquals(List.of(), seen.entries("goal:c"), "never followed");
    assertEquals(2, log.head("goal:a").seq(), "appends to unfollowed channels are numbered");
  }

  @Test
  void rangeGivesTheEntriesAfterASeqAndSaysWhenSomeAreGone() throws Exception {
    Recorder seen = new Recorder();
    RedisChannelLog log = log(client(server.url()), settings(10, 60_000, 100, 10_000), seen);
    log.follow("goal:short");
    for (int k = 0; k < 10; k++) {
      log.append("goal:short", CHUNK, data(0, k), k);
    }
    List<Entry> all = seen.await("goal:short", 10);
    String epoch = all.get(0).epoch();

    Range after4 = log.range("goal:short", epoch, 4, 100);
    assertEquals(new Range(epoch, 10, all.subList(4, 10), true), after4);
    assertEquals(
        new Range(epoch, 10, all.subList(4, 7), true), log.range("goal:short", epoch, 4, 3));
    assertEquals(new Range(epoch, 10, List.of(), true), log.range("goal:short", epoch, 10, 5));
    assertFalse(log.range("goal:short", epoch, 11, 5).complete(), "ahead of the channel");
    Range otherEpoch = log.range("goal:short", "not-" + epoch, 4, 100);
    assertEquals(new Range(epoch, 10, List.of(), false), otherEpoch);

    // maxEvents 10 (MAXLEN ~): the oldest of 1000 entries are trimmed.
    log.follow("goal:long");
    for (int k = 0; k < 1000; k++) {
      log.append("goal:long", CHUNK, data(0, k), k);
    }
    List<Entry> long1000 = seen.await("goal:long", 1000);
    String longEpoch = long1000.get(0).epoch();
    Range fromStart = log.range("goal:long", longEpoch, 0, 2000);
    assertFalse(fromStart.complete(), "entries 1.. are trimmed");
    assertTrue(fromStart.entries().size() < 1000, "trimmed: " + fromStart.entries().size());
    assertTrue(fromStart.entries().get(0).seq() > 1);
    assertEquals(long1000.get(999), fromStart.entries().get(fromStart.entries().size() - 1));
    assertEquals(
        new Range(longEpoch, 1000, long1000.subList(995, 1000), true),
        log.range("goal:long", longEpoch, 995, 100));
  }

  @Test
  void anExpiredChannelStartsANewEpochAtSeqOne() throws Exception {
    Recorder seen = new Recorder();
    RedisClient client = client(server.url());
    RedisChannelLog log = log(client, settings(1000, 2_000, 100, 10_000), seen);
    StatefulRedisConnection<String, String> redis = raw(client);
    log.follow("goal:ttl");
    for (int k = 0; k < 3; k++) {
      log.append("goal:ttl", CHUNK, data(0, k), k);
    }
    String first = seen.await("goal:ttl", 3).get(0).epoch();
    assertEquals(new Head(first, 3), log.head("goal:ttl"));

    waitUntil(
        () -> redis.sync().exists("pbtest:ch:{goal:ttl}:m", "pbtest:ch:{goal:ttl}:s") == 0,
        "the channel's keys expire");
    Head head = log.head("goal:ttl");
    assertNotEquals(first, head.epoch());
    assertEquals(0, head.seq());
    log.append("goal:ttl", CHUNK, data(0, 3), 3);
    Entry next = seen.await("goal:ttl", 4).get(3);
    assertEquals(head.epoch(), next.epoch());
    assertEquals(1, next.seq());
    assertEquals(new Range(head.epoch(), 1, List.of(), false), log.range("goal:ttl", first, 3, 10));
  }

  @Test
  void aBurstGoesInFewScriptCalls() throws Exception {
    Recorder seen = new Recorder();
    RedisClient client = client(server.url());
    RedisChannelLog log = log(client, settings(10_000, 60_000, 1000, 10_000), seen);
    StatefulRedisConnection<String, String> redis = raw(client);
    log.follow("streams");
    redis.sync().configResetstat();
    for (int k = 0; k < 5000; k++) {
      log.append("streams", CHUNK, data(0, k), k);
    }
    List<Entry> all = seen.await("streams", 5000);
    assertEquals(5000, all.get(4999).seq());
    long calls = evalshaCalls(redis.sync().info("commandstats"));
    assertTrue(calls >= 5 && calls <= 500, "5000 appends took " + calls + " EVALSHA calls");
  }

  @Test
  void aCallRetriedAfterItRanAppliesOnce() throws Exception {
    Recorder seen = new Recorder();
    RedisClient client = client(server.url());
    Settings quick = new Settings("pbtest:", 1000, 60_000, 10, 1000, 100);
    RedisChannelLog log = log(client, quick, seen);
    StatefulRedisConnection<String, String> redis = raw(client);
    log.follow("goal:once");
    // Redis holds every other client's commands for a while: the log's calls time out (100 ms)
    // and are sent again, and Redis runs the first attempt and all retries once it resumes.
    redis.sync().clientPause(1_000);
    for (int k = 0; k < 3; k++) {
      log.append("goal:once", CHUNK, data(0, k), k);
    }
    List<Entry> three = seen.await("goal:once", 3);
    log.append("goal:once", CHUNK, data(0, 3), 3);
    List<Entry> all = seen.await("goal:once", 4);
    assertEquals(List.of(1L, 2L, 3L, 4L), all.stream().map(Entry::seq).toList(), "no event twice");
    assertEquals(data(0, 0), three.get(0).data());
    assertEquals(data(0, 3), all.get(3).data());
    long calls = evalshaCalls(redis.sync().info("commandstats"));
    assertTrue(calls > 2, "the paused call was sent again (" + calls + " calls)");
  }

  private static long evalshaCalls(String info) {
    Matcher m = Pattern.compile("cmdstat_evalsha:calls=(\\d+)").matcher(info);
    assertTrue(m.find(), info);
    return Long.parseLong(m.group(1));
  }

  @Test
  void aRedisRestartLosesNothingQueuedWithinMaxPendingAndDuplicatesNothing() throws Exception {
    Recorder seen = new Recorder();
    RedisChannelLog log = log(client(server.url()), settings(1000, 60_000, 20, 50), seen);
    log.follow("goal:r");
    for (int k = 0; k < 5; k++) {
      log.append("goal:r", CHUNK, data(0, k), k);
    }
    String before = seen.await("goal:r", 5).get(0).epoch();

    server.stop();
    waitUntil(() -> !log.connected(), "the log sees Redis gone");
    for (int k = 5; k < 65; k++) {
      log.append("goal:r", CHUNK, data(0, k), k);
    }
    assertEquals(10, log.dropped(), "50 wait, the 10 beyond maxPending are dropped");
    assertEquals(0, seen.reconnections());

    server.start();
    List<Entry> all = seen.await("goal:r", 55);
    waitUntil(log::connected, "the log is connected again");
    log.append("goal:r", CHUNK, data(0, 99), 99);
    all = seen.await("goal:r", 56);
    assertEquals(1, seen.reconnections(), "reconnected() once");
    assertEquals(5, seen.positionOfFirstReconnection(), "before the entries sent after it");

    List<Entry> after = all.subList(5, 56);
    String epoch = after.get(0).epoch();
    assertNotEquals(before, epoch, "Redis lost the data: a new epoch");
    for (int i = 0; i < after.size(); i++) {
      Entry e = after.get(i);
      assertEquals(epoch, e.epoch());
      assertEquals(i + 1, e.seq());
      assertEquals(data(0, i < 50 ? 5 + i : 99), e.data(), "queued in order, none twice");
    }
    assertEquals(new Range(epoch, 51, after, true), log.range("goal:r", epoch, 0, 100));
    assertEquals(10, log.dropped());
  }

  @Test
  void appendsWaitWhileOnlyThePubSubConnectionIsAway() throws Exception {
    Recorder seen = new Recorder();
    RedisClient client = client(server.url());
    RedisChannelLog log = log(client, settings(1000, 60_000, 10, 1000), seen);
    StatefulRedisConnection<String, String> redis = raw(client);
    log.follow("goal:ps");
    log.append("goal:ps", CHUNK, data(0, 0), 0);
    String epoch = seen.await("goal:ps", 1).get(0).epoch();

    redis.sync().clientKill(KillArgs.Builder.typePubsub());
    waitUntil(() -> !log.connected(), "the log sees its pub/sub connection gone");
    for (int k = 1; k <= 5; k++) {
      log.append("goal:ps", CHUNK, data(0, k), k);
    }
    List<Entry> all = seen.await("goal:ps", 6);
    assertEquals(1, seen.reconnections());
    assertEquals(1, seen.positionOfFirstReconnection(), "the appends waited for the subscription");
    for (int k = 0; k <= 5; k++) {
      assertEquals(new Entry(epoch, k + 1, CHUNK, k, data(0, k)), all.get(k));
    }
    assertEquals(0, log.dropped());
  }

  @Test
  void closeFlushesAndLeavesNoThreadOrConnectionBehind() throws Exception {
    RedisClient client = client(server.url());
    StatefulRedisConnection<String, String> redis = raw(client);
    // The client's Netty threads are the caller's (and start and stop with its pools): only the
    // log's own threads are counted.
    Set<String> threadsBefore = threadNames();
    long clientsBefore = clientCount(redis);

    Recorder seen = new Recorder();
    RedisChannelLog log = new RedisChannelLog(client, settings(1000, 60_000, 10, 10_000), seen);
    log.follow("goal:c");
    log.append("goal:c", CHUNK, data(0, 0), 0);
    seen.await("goal:c", 1);
    assertNotEquals(threadsBefore, threadNames(), "the log runs threads of its own");
    for (int k = 1; k <= 200; k++) {
      log.append("goal:c", CHUNK, data(0, k), k);
    }
    log.close();
    log.append("goal:c", CHUNK, data(0, 999), 999);
    assertEquals(1, log.dropped(), "an append after close is dropped");

    assertEquals(threadsBefore, threadNames());
    waitUntil(() -> clientCount(redis) == clientsBefore, "both connections closed");
    try (RedisChannelLog other =
        new RedisChannelLog(client, settings(1000, 60_000, 10, 10), seen)) {
      assertEquals(201, other.head("goal:c").seq(), "close sent what was queued");
    }
  }

  private static Set<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        // the log's own threads; Lettuce's and Netty's come and go with the client's pools
        .filter(n -> n.startsWith("pb-redis-log-"))
        .collect(Collectors.toSet());
  }

  private static long clientCount(StatefulRedisConnection<String, String> redis) {
    return redis.sync().clientList().lines().filter(l -> !l.isBlank()).count();
  }

  @Test
  void unreachableRedisThrowsWithoutThePassword() throws Exception {
    String password = "pony-test-password";
    try (RedisServer guarded = new RedisServer(password)) {
      RedisClient client = client(guarded.urlWithPassword());
      Recorder seen = new Recorder();
      RedisChannelLog log = log(client, settings(1000, 60_000, 10, 10), seen);
      log.follow("goal:p");
      assertEquals(0, log.head("goal:p").seq());

      guarded.stop();
      waitUntil(() -> !log.connected(), "the log sees Redis gone");
      for (Runnable call :
          List.<Runnable>of(
              () -> log.head("goal:p"),
              () -> log.range("goal:p", "e", 0, 10),
              () -> log.follow("goal:q"))) {
        RedisUnavailableException e = assertThrows(RedisUnavailableException.class, call::run);
        assertFalse(e.getMessage().contains(password), e.getMessage());
      }
      RedisUnavailableException e =
          assertThrows(
              RedisUnavailableException.class,
              () -> new RedisChannelLog(client, settings(1000, 60_000, 10, 10), seen));
      assertFalse(e.getMessage().contains(password), e.getMessage());
    }
  }

  private static void waitUntil(BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(10);
    }
  }

  /** Records what a log delivers, and on which threads; waits for it without sleeping. */
  private static final class Recorder implements RedisChannelLog.Listener {

    private final Map<String, List<Entry>> entries = new HashMap<>();
    private final List<Object> timeline = new ArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private int reconnections;

    @Override
    public synchronized void entry(String channel, Entry entry) {
      entries.computeIfAbsent(channel, c -> new ArrayList<>()).add(entry);
      timeline.add(entry);
      noteThread();
      notifyAll();
    }

    @Override
    public synchronized boolean reconnected() {
      reconnections++;
      timeline.add("reconnected");
      noteThread();
      notifyAll();
      return true;
    }

    private void noteThread() {
      String name = Thread.currentThread().getName();
      if (!threads.contains(name)) {
        threads.add(name);
      }
    }

    synchronized List<Entry> entries(String channel) {
      return List.copyOf(entries.getOrDefault(channel, List.of()));
    }

    synchronized int reconnections() {
      return reconnections;
    }

    synchronized int positionOfFirstReconnection() {
      return timeline.indexOf("reconnected");
    }

    boolean deliveredOnlyOn(String prefix) {
      return !threads.isEmpty() && threads.stream().allMatch(n -> n.startsWith(prefix));
    }

    /** The channel's entries once there are at least {@code count}. */
    synchronized List<Entry> await(String channel, int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
      while (entries.getOrDefault(channel, List.of()).size() < count) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        int have = entries.getOrDefault(channel, List.of()).size();
        assertTrue(left > 0, () -> channel + ": " + have + " of " + count + ", seen " + timeline);
        wait(left);
      }
      return List.copyOf(entries.get(channel));
    }
  }
}
