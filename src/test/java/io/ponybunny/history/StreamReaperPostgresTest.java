package io.ponybunny.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.cluster.InstanceRegistry;
import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.event.StreamEventPublisher;
import io.ponybunny.testing.PostgresSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The streams of lost instances on a real PostgreSQL ({@code PONYBUNNY_TEST_POSTGRES_URL}): ended
 * as interrupted with their checkpointed content, each announced by exactly one {@code
 * llm.stream.error} however many instances reap at once.
 */
@EnabledIfEnvironmentVariable(named = PostgresSchema.URL_ENV, matches = "jdbc:postgresql:.+")
class StreamReaperPostgresTest {

  private static final StreamReaper.ChannelStreams NO_CHANNEL = (goal, instance) -> List.of();

  private static final long NOW = System.currentTimeMillis();
  private static final long LEASE = 30_000;

  /** A publisher that keeps what it is given. */
  static final class CapturingPublisher extends StreamEventPublisher {
    final List<ChannelEvent> published = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void publish(ChannelEvent event) {
      published.add(event);
    }
  }

  private PostgresSchema db;
  private DataSource ds;
  private InstanceRegistry instances;

  @BeforeEach
  void migrate() throws SQLException {
    db = new PostgresSchema();
    ds = db.dataSource();
    instances = new InstanceRegistry(ds);
  }

  @AfterEach
  void drop() throws SQLException {
    db.close();
  }

  private void stream(String id, String goalId, String instance, String status, String content)
      throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO pb_stream (request_id, goal_id, status, content, chunks, tokens_used,"
                    + " started_at, instance) VALUES (?, ?, ?, ?, 3, 0, ?, ?)")) {
      s.setString(1, id);
      s.setString(2, goalId);
      s.setString(3, status);
      s.setString(4, content);
      s.setLong(5, NOW - 5_000);
      s.setString(6, instance);
      s.executeUpdate();
    }
  }

  /** status, content, error, finish_reason, duration_ms of a stream. */
  private List<Object> row(String id) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT status, content, error, finish_reason, duration_ms FROM pb_stream"
                    + " WHERE request_id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return Arrays.asList(
            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getObject(5));
      }
    }
  }

  @Test
  void theStreamsOfADeadInstanceEndInterruptedKeepingTheirTextAndAreAnnouncedOnce()
      throws Exception {
    instances.beat("dead", NOW - LEASE - 1_000);
    instances.beat("alive", NOW);
    stream("s1", "g1", "dead", "streaming", "partial text");
    stream("s2", null, "dead", "streaming", "");
    stream("s3", null, "alive", "streaming", "");
    stream("s4", null, "dead", "completed", "all");
    stream("s5", null, null, "streaming", "");
    CapturingPublisher publisher = new CapturingPublisher();
    StreamReaper reaper = new StreamReaper(new LostStreams(ds), publisher, NO_CHANNEL);

    assertEquals(2, reaper.reapDead(NOW - LEASE));

    List<Object> s1 = row("s1");
    assertEquals(
        List.of("interrupted", "partial text", "instance lost", "interrupted"), s1.subList(0, 4));
    long duration = ((Number) s1.get(4)).longValue();
    assertTrue(duration >= 5_000 && duration < 60_000, "duration " + duration);
    assertEquals("streaming", row("s3").get(0), "an alive instance's stream goes on");
    assertEquals("completed", row("s4").get(0));
    assertEquals("streaming", row("s5").get(0), "a single node's stream is not the reaper's");
    Set<String> announced = new HashSet<>();
    for (ChannelEvent e : publisher.published) {
      StreamEvent.Error error = (StreamEvent.Error) e;
      assertEquals("instance lost", error.error());
      announced.add(error.requestId() + "/" + error.goalId());
    }
    assertEquals(Set.of("s1/g1", "s2/null"), announced);

    assertEquals(0, reaper.reapDead(NOW - LEASE), "nothing is announced twice");
    assertEquals(2, publisher.published.size());
  }

  @Test
  void instancesReapingAtOnceAnnounceEachLostStreamExactlyOnce() throws Exception {
    instances.beat("dead", NOW - LEASE - 1_000);
    for (int i = 0; i < 60; i++) {
      stream("s" + i, null, "dead", "streaming", "x");
    }
    CapturingPublisher publisher = new CapturingPublisher();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> reapers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        StreamReaper reaper =
            new StreamReaper(new LostStreams(db.dataSource()), publisher, NO_CHANNEL);
        reapers.add(
            pool.submit(
                () -> {
                  go.await();
                  return reaper.reapDead(NOW - LEASE);
                }));
      }
      go.countDown();
      int ended = 0;
      for (Future<Integer> f : reapers) {
        ended += f.get(30, TimeUnit.SECONDS);
      }
      assertEquals(60, ended);
    } finally {
      pool.shutdownNow();
    }
    Set<String> ids = new HashSet<>();
    for (ChannelEvent e : publisher.published) {
      ids.add(((StreamEvent.Error) e).requestId());
    }
    assertEquals(60, publisher.published.size(), "one announcement per stream");
    assertEquals(60, ids.size());
  }

  @Test
  void aStreamItsInstanceDiedWithBeforeWritingItsRecordEndsThroughTheGoalsChannel()
      throws Exception {
    stream("a", "g1", "node-a", "streaming", "so far");
    // "r": another instance's reaper already ended it (its end has not reached the channel yet)
    stream("r", "g1", "node-a", "interrupted", "");
    CapturingPublisher publisher = new CapturingPublisher();
    // the channel saw "a" and "r" (recorded) and "z" (its record was never written) start on node-a
    StreamReaper reaper =
        new StreamReaper(
            new LostStreams(ds),
            publisher,
            (goal, instance) ->
                goal.equals("g1") && instance.equals("node-a")
                    ? List.of("a", "r", "z")
                    : List.of());

    assertEquals(2, reaper.goalTakenOver("g1", "node-a"));
    assertEquals("interrupted", row("a").get(0));
    assertEquals(
        List.of("a", "z"),
        publisher.published.stream().map(e -> ((StreamEvent.Error) e).requestId()).toList(),
        "each announced once");
    assertEquals("g1", ((StreamEvent.Error) publisher.published.get(1)).goalId());
    assertEquals(
        0, new StreamReaper(new LostStreams(ds), publisher, NO_CHANNEL).goalTakenOver("g1", null));
  }

  @Test
  void theStreamsOfAGoalTakenOverAndOfARestartedInstanceEnd() throws Exception {
    stream("a", "g1", "node-a", "streaming", "plan so far");
    stream("b", "g1", "node-a", "cancelled", "");
    stream("c", "g2", "node-a", "streaming", "");
    stream("d", null, "node-b", "streaming", "");
    CapturingPublisher publisher = new CapturingPublisher();
    StreamReaper reaper = new StreamReaper(new LostStreams(ds), publisher, NO_CHANNEL);

    assertEquals(1, reaper.goalTakenOver("g1", "node-a"));
    assertEquals("interrupted", row("a").get(0));
    assertEquals("plan so far", row("a").get(1));
    assertEquals("cancelled", row("b").get(0));
    assertEquals("streaming", row("c").get(0));

    assertEquals(1, reaper.restarted("node-b"));
    assertEquals("interrupted", row("d").get(0));
    assertEquals(2, publisher.published.size());
    assertEquals("g1", ((StreamEvent.Error) publisher.published.get(0)).goalId());
    assertNull(((StreamEvent.Error) publisher.published.get(1)).goalId());
  }
}
