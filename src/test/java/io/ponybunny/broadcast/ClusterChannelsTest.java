package io.ponybunny.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.ponybunny.broadcast.redis.RedisChannelLog;
import io.ponybunny.broadcast.transport.FakeSession;
import io.ponybunny.broadcast.transport.SessionSender;
import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.testing.RedisServer;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two cluster instances' channel engines on one real Redis: their subscribers see the same frames
 * (epoch, gapless seq, order) whichever instance published; a late joiner's snapshot and a resume
 * are served on an instance that never saw the events live; a stream is truncated once, by its
 * publisher; when Redis loses the channel's history, the mirror's sockets are closed with 1012.
 */
class ClusterChannelsTest {

  private static final long WAIT_MS = 20_000;
  private static RedisServer redis;

  private final List<RedisClient> clients = new ArrayList<>();
  private final List<ClusterChannels> engines = new ArrayList<>();

  @BeforeAll
  static void startRedis() throws Exception {
    redis = new RedisServer();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @AfterEach
  void closeEngines() {
    engines.forEach(ClusterChannels::close);
    clients.forEach(RedisClient::shutdown);
  }

  private ClusterChannels engine(BroadcastSettings settings) {
    RedisClient client = RedisClient.create(redis.url());
    clients.add(client);
    RedisChannelLog.Settings log =
        new RedisChannelLog.Settings(
            "t" + UUID.randomUUID() + ":", 1000, 600_000, 64, 10_000, 5000);
    return engine(settings, client, log);
  }

  private ClusterChannels engine(
      BroadcastSettings settings, RedisClient client, RedisChannelLog.Settings log) {
    ClusterChannels e =
        ClusterChannels.create(
            settings,
            System::currentTimeMillis,
            listener -> new RedisChannelLog(client, log, listener));
    engines.add(e);
    return e;
  }

  private static BroadcastSettings settings(int maxStreamChars) {
    return new BroadcastSettings(1 << 22, 1000, 600_000, 10, maxStreamChars, 0);
  }

  private static SessionSender sender(FakeSession s) {
    return new SessionSender(s.session, 1 << 22, 0, null, null);
  }

  /** Two engines on one key prefix: two instances of one cluster. */
  private List<ClusterChannels> cluster(int maxStreamChars) {
    RedisChannelLog.Settings log =
        new RedisChannelLog.Settings(
            "t" + UUID.randomUUID() + ":", 1000, 600_000, 64, 10_000, 5000);
    List<ClusterChannels> two = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      RedisClient client = RedisClient.create(redis.url());
      clients.add(client);
      two.add(engine(settings(maxStreamChars), client, log));
    }
    return two;
  }

  private static List<String> route(String goal) {
    return List.of(BroadcastManager.goalChannel(goal), BroadcastManager.ALL_STREAMS);
  }

  private static void stream(ClusterChannels via, String goal, String requestId, int chunks) {
    long t = System.currentTimeMillis();
    via.publish(
        route(goal),
        new StreamEvent.Start(requestId, goal, null, null, "sim/x", "sim", null, null, t));
    for (int i = 0; i < chunks; i++) {
      via.publish(route(goal), new StreamEvent.Chunk(requestId, goal, "c" + i + " ", i, t));
    }
    ChannelEvent end =
        new StreamEvent.End(requestId, goal, chunks, chunks, "stop", 1, chunks, 1L, 5, t);
    via.publish(route(goal), end);
  }

  @Test
  void anyInstanceTellsWhichStreamsOfAChannelStillStreamOnAnInstance() throws Exception {
    List<ClusterChannels> two = cluster(1_000_000);
    String goal = "g-" + UUID.randomUUID();
    String channel = BroadcastManager.goalChannel(goal);
    FakeSession a = new FakeSession(false);
    two.get(0).subscribe(channel, sender(a), null);
    long t = System.currentTimeMillis();
    for (String[] s : new String[][] {{"r1", "node-a"}, {"r2", "node-a"}, {"r3", "node-b"}}) {
      two.get(0)
          .publish(
              route(goal),
              new StreamEvent.Start(s[0], goal, null, null, "sim/x", "sim", null, s[1], t));
    }
    two.get(0)
        .publish(route(goal), new StreamEvent.End("r2", goal, 0, 0, "stop", 0, 0, null, 5, t));
    a.awaitMessages(1 + 4, WAIT_MS); // in Redis: the mirror got them back from it
    assertEquals(List.of("r1"), two.get(0).streamingOn(channel, "node-a"), "from its mirror");
    assertEquals(
        List.of("r1"), two.get(1).streamingOn(channel, "node-a"), "from Redis, without a mirror");
    assertEquals(List.of("r3"), two.get(1).streamingOn(channel, "node-b"));
  }

  @Test
  void subscribersOnBothInstancesSeeTheSameFramesWhoeverPublished() throws Exception {
    List<ClusterChannels> two = cluster(1_000_000);
    String goal = "g-" + UUID.randomUUID();
    FakeSession a = new FakeSession(false);
    FakeSession b = new FakeSession(false);
    two.get(0).subscribe(BroadcastManager.goalChannel(goal), sender(a), null);
    two.get(1).subscribe(BroadcastManager.goalChannel(goal), sender(b), null);
    Thread one = new Thread(() -> stream(two.get(0), goal, "r1", 200));
    Thread other = new Thread(() -> stream(two.get(1), goal, "r2", 200));
    one.start();
    other.start();
    one.join();
    other.join();
    int frames = 1 + 2 * 202;
    a.awaitMessages(frames, WAIT_MS);
    b.awaitMessages(frames, WAIT_MS);
    List<JsonObject> got = a.messages();
    assertEquals(got, b.messages(), "the same frames on both instances");
    for (int i = 1; i < got.size(); i++) {
      assertEquals(i, got.get(i).getInt("seq"), "gapless seq");
      assertEquals(got.get(0).getString("epoch"), got.get(i).getString("epoch"));
    }
  }

  @Test
  void aLateJoinerAndAResumeAreServedByAnInstanceThatSawNothingLive() throws Exception {
    List<ClusterChannels> two = cluster(1_000_000);
    String goal = "g-" + UUID.randomUUID();
    String channel = BroadcastManager.goalChannel(goal);
    FakeSession live = new FakeSession(false);
    two.get(0).subscribe(channel, sender(live), null);
    stream(two.get(0), goal, "r1", 50);
    live.awaitMessages(1 + 52, WAIT_MS);
    JsonObject tenth = live.messages().get(10);

    FakeSession late = new FakeSession(false);
    two.get(1).subscribe(channel, sender(late), null);
    late.awaitMessages(1, WAIT_MS);
    JsonObject snap = late.messages().get(0);
    assertEquals("snapshot", snap.getString("type"));
    assertEquals(52, snap.getInt("seq"));
    assertEquals(tenth.getString("epoch"), snap.getString("epoch"));
    JsonObject s = snap.getJsonArray("streams").getJsonObject(0);
    assertEquals("c0 c1 c2", s.getString("content").substring(0, 8));
    assertEquals(50, s.getInt("nextIndex"));
    assertEquals("completed", s.getString("status"));

    FakeSession resumed = new FakeSession(false);
    two.get(1)
        .subscribe(channel, sender(resumed), new StreamPosition(tenth.getString("epoch"), 10));
    resumed.awaitMessages(42, WAIT_MS);
    assertEquals(live.messages().subList(11, 53), resumed.messages(), "replayed from Redis");
  }

  /**
   * A channel with more events than it keeps for resume: an instance that starts following it
   * afterwards is at its last event (it loaded the newest events, not the oldest kept), resumes a
   * recent position and refuses an evicted one.
   */
  @Test
  void anInstanceFollowingALongChannelLateStartsAtItsLastEvent() throws Exception {
    List<ClusterChannels> two = cluster(10_000_000);
    String goal = "g-" + UUID.randomUUID();
    String channel = BroadcastManager.goalChannel(goal);
    FakeSession live = new FakeSession(false);
    two.get(0).subscribe(channel, sender(live), null);
    stream(two.get(0), goal, "r1", 1500); // 1502 events, 1000 kept
    live.awaitMessages(1 + 1502, WAIT_MS);
    String epoch = live.messages().get(1).getString("epoch");

    FakeSession late = new FakeSession(false);
    two.get(1).subscribe(channel, sender(late), null);
    late.awaitMessages(1, WAIT_MS);
    assertEquals(1502, late.messages().get(0).getInt("seq"), "at the channel's last event");
    FakeSession recent = new FakeSession(false);
    two.get(1).subscribe(channel, sender(recent), new StreamPosition(epoch, 1490));
    recent.awaitMessages(12, WAIT_MS);
    assertEquals(live.messages().subList(1491, 1503), recent.messages());
    FakeSession evicted = new FakeSession(false);
    two.get(1).subscribe(channel, sender(evicted), new StreamPosition(epoch, 3));
    evicted.awaitMessages(1, WAIT_MS);
    assertFalse(evicted.messages().get(0).getBoolean("recovered"));
  }

  @Test
  void aStreamPastItsBoundIsTruncatedOnceByItsPublisher() throws Exception {
    List<ClusterChannels> two = cluster(20);
    String goal = "g-" + UUID.randomUUID();
    String channel = BroadcastManager.goalChannel(goal);
    FakeSession a = new FakeSession(false);
    two.get(1).subscribe(channel, sender(a), null);
    stream(two.get(0), goal, "r1", 10); // "c0 ".."c9 ": 30 characters, bound 20
    a.awaitMessages(1 + 1 + 6 + 1 + 1, WAIT_MS);
    List<String> names = a.messages().stream().skip(1).map(m -> m.getString("event")).toList();
    assertEquals(
        1, names.stream().filter("llm.stream.truncated"::equals).count(), names.toString());
    JsonObject end = a.messages().get(a.messages().size() - 1);
    assertTrue(end.getJsonObject("data").getBoolean("truncated"));
    FakeSession late = new FakeSession(false);
    two.get(1).subscribe(channel, sender(late), null);
    late.awaitMessages(1, WAIT_MS);
    assertTrue(
        late.messages().get(0).getJsonArray("streams").getJsonObject(0).getBoolean("truncated"));
  }

  @Test
  void whenRedisLosesTheHistoryTheMirrorsSocketsAreClosedToResume() throws Exception {
    try (RedisServer own = new RedisServer()) {
      RedisChannelLog.Settings log =
          new RedisChannelLog.Settings("t:", 1000, 600_000, 64, 10_000, 2000);
      RedisClient c1 = RedisClient.create(own.url());
      RedisClient c2 = RedisClient.create(own.url());
      clients.add(c1);
      clients.add(c2);
      ClusterChannels publisher = engine(settings(1_000_000), c1, log);
      ClusterChannels mirror = engine(settings(1_000_000), c2, log);
      String goal = "g-" + UUID.randomUUID();
      FakeSession watcher = new FakeSession(false);
      mirror.subscribe(BroadcastManager.goalChannel(goal), sender(watcher), null);
      stream(publisher, goal, "r1", 5);
      watcher.awaitMessages(1 + 7, WAIT_MS);
      own.stop();
      own.start();
      long deadline = System.currentTimeMillis() + WAIT_MS;
      int n = 0;
      // events after the restart start a new epoch (and the reconnection finds the old one gone):
      // the mirror starts again and closes its sockets; publish until the clients reconnected
      while (System.currentTimeMillis() < deadline && !watcher.awaitClosed(500)) {
        stream(publisher, goal, "r-after-" + n++, 1);
      }
      assertFalse(watcher.open, "closed");
      assertEquals(1012, watcher.closeReason.getCloseCode().getCode());
    }
  }
}
