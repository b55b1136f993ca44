package io.ponybunny.agent.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.PostgresSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Goal claims on a real PostgreSQL ({@code PONYBUNNY_TEST_POSTGRES_URL}), in a schema of the test's
 * own: two instances claiming at once take each goal exactly once, an expired lease is taken over
 * with a higher fence, a stale fence holds nothing, renewals report lost goals and cancel requests.
 */
@EnabledIfEnvironmentVariable(named = PostgresSchema.URL_ENV, matches = "jdbc:postgresql:.+")
class GoalClaimsPostgresTest {

  private static final long LEASE = 30_000;
  private static final long T0 = 1_000_000;

  private PostgresSchema db;
  private DataSource ds;
  private GoalClaims a;
  private GoalClaims b;

  @BeforeEach
  void migrate() throws SQLException {
    db = new PostgresSchema();
    ds = db.dataSource();
    a = new GoalClaims(db.dataSource());
    b = new GoalClaims(db.dataSource());
  }

  @AfterEach
  void drop() throws SQLException {
    db.close();
  }

  private void goal(String id, String status, String owner, long createdAt) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO pb_goal (id, title, description, status, max_tokens, max_steps,"
                    + " max_duration_s, tokens_used, created_at, owner)"
                    + " VALUES (?, 't', 'd', ?, 100, 5, 60, 0, ?, ?)")) {
      s.setString(1, id);
      s.setString(2, status);
      s.setLong(3, createdAt);
      s.setString(4, owner);
      s.executeUpdate();
    }
  }

  private void status(String id, String status) throws SQLException {
    db.sql("UPDATE pb_goal SET status = '" + status + "' WHERE id = '" + id + "'");
  }

  /** instance, lease_until, fence, cancel_requested of a goal. */
  private record Row(String instance, Long leaseUntil, long fence, boolean cancelRequested) {}

  private Row row(String id) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT instance, lease_until, fence, cancel_requested FROM pb_goal WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        assertTrue(rs.next(), id);
        long lease = rs.getLong(2);
        Long leaseUntil = rs.wasNull() ? null : lease;
        return new Row(rs.getString(1), leaseUntil, rs.getLong(3), rs.getBoolean(4));
      }
    }
  }

  @Test
  void twoInstancesClaimingTwoHundredGoalsAtOnceTakeEachExactlyOnce() throws Exception {
    for (int i = 0; i < 200; i++) {
      goal(String.format("g%03d", i), "queued", "alice", T0 + i);
    }
    Map<String, List<String>> claimedBy = new ConcurrentHashMap<>();
    Map<String, Long> fences = new ConcurrentHashMap<>();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> workers = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        GoalClaims claims = t % 2 == 0 ? a : b;
        String instance = t % 2 == 0 ? "node-a" : "node-b";
        workers.add(
            pool.submit(
                () -> {
                  go.await();
                  int taken = 0;
                  while (true) {
                    List<GoalClaims.Claim> got = claims.claim(instance, 3, T0 + 1_000, LEASE);
                    if (got.isEmpty()) {
                      return taken;
                    }
                    for (GoalClaims.Claim c : got) {
                      claimedBy
                          .computeIfAbsent(c.goalId(), k -> new CopyOnWriteArrayList<>())
                          .add(instance);
                      fences.put(c.goalId(), c.fence());
                      assertFalse(c.takenOver());
                      assertEquals("alice", c.owner());
                    }
                    taken += got.size();
                  }
                }));
      }
      go.countDown();
      int total = 0;
      for (Future<Integer> w : workers) {
        total += w.get(60, TimeUnit.SECONDS);
      }
      assertEquals(200, total, "claims in all");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(200, claimedBy.size(), "every goal claimed");
    for (Map.Entry<String, List<String>> e : claimedBy.entrySet()) {
      assertEquals(1, e.getValue().size(), e.getKey() + " claimed by " + e.getValue());
      Row row = row(e.getKey());
      assertEquals(e.getValue().get(0), row.instance(), "the database names the claimer");
      assertEquals(1, row.fence());
      assertEquals(1, fences.get(e.getKey()));
      assertEquals(T0 + 1_000 + LEASE, row.leaseUntil());
    }
    assertTrue(
        claimedBy.values().stream().anyMatch(v -> v.get(0).equals("node-a"))
            && claimedBy.values().stream().anyMatch(v -> v.get(0).equals("node-b")),
        "both instances got goals");
  }

  @Test
  void claimsTakeTheOldestFirstAndPassByGoalsExcludedOrFinished() throws SQLException {
    goal("new", "queued", "alice", T0 + 2);
    goal("old", "queued", "alice", T0);
    goal("mid", "queued", "alice", T0 + 1);
    goal("done", "succeeded", "alice", T0 - 1);
    List<GoalClaims.Claim> got = a.claim("node-a", 5, T0, LEASE, List.of("mid"));
    assertEquals(List.of("old", "new"), got.stream().map(GoalClaims.Claim::goalId).toList());
    assertEquals(
        List.of("mid"),
        b.claim("node-b", 5, T0 + 1, LEASE).stream().map(GoalClaims.Claim::goalId).toList(),
        "the others are held");
  }

  @Test
  void anExpiredLeaseIsTakenOverWithAHigherFenceAndTheOldFenceHoldsNothing() throws Exception {
    goal("g1", "queued", "alice", T0);
    GoalClaims.Claim first = a.claim("node-a", 1, T0, LEASE).get(0);
    assertEquals(1, first.fence());
    status("g1", "running");

    assertEquals(List.of(), b.claim("node-b", 1, T0 + LEASE - 1, LEASE), "lease still valid");
    GoalClaims.Claim second = b.claim("node-b", 1, T0 + LEASE + 1, LEASE).get(0);
    assertEquals("g1", second.goalId());
    assertEquals(2, second.fence());
    assertTrue(second.takenOver(), "it was running on the lost instance");
    assertEquals("node-a", second.previousInstance(), "names the lost instance");
    assertNull(first.previousInstance());
    assertEquals(new Row("node-b", T0 + 2 * LEASE + 1, 2, false), row("g1"));

    assertFalse(holds("g1", first.fence()), "the stale writer's fence is refused");
    assertTrue(holds("g1", second.fence()));
    assertFalse(a.release("g1", first.fence()));
    assertFalse(a.handOver("g1", first.fence()));
    assertEquals("node-b", row("g1").instance(), "the stale instance released nothing");
  }

  @Test
  void aQueuedGoalWhoseClaimerDiedBeforeStartingItIsClaimedAgainNotTakenOver() throws SQLException {
    goal("g1", "queued", null, T0);
    a.claim("node-a", 1, T0, LEASE);
    GoalClaims.Claim again = b.claim("node-b", 1, T0 + LEASE + 1, LEASE).get(0);
    assertFalse(again.takenOver());
    assertEquals(2, again.fence());
    assertNull(again.owner());
  }

  /** Whether {@link GoalClaims#HOLD_SQL} finds the goal held with {@code fence}. */
  private boolean holds(String goalId, long fence) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement(GoalClaims.HOLD_SQL)) {
      s.setString(1, goalId);
      s.setLong(2, fence);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Test
  void aWriterHoldingTheGoalIsPassedByAClaimUntilItCommitsAndThenItsFenceIsStale()
      throws Exception {
    goal("g1", "queued", "alice", T0);
    long fence = a.claim("node-a", 1, T0, LEASE).get(0).fence();
    status("g1", "running");
    try (Connection writer = ds.getConnection()) {
      writer.setAutoCommit(false);
      try (PreparedStatement s = writer.prepareStatement(GoalClaims.HOLD_SQL)) {
        s.setString(1, "g1");
        s.setLong(2, fence);
        try (ResultSet rs = s.executeQuery()) {
          assertTrue(rs.next(), "the holder's write may go on");
        }
      }
      // lease expired, but the row is locked by a write in progress: the claim passes it by
      assertEquals(List.of(), b.claim("node-b", 1, T0 + LEASE + 1, LEASE));
      writer.commit();
    }
    GoalClaims.Claim taken = b.claim("node-b", 1, T0 + LEASE + 2, LEASE).get(0);
    assertEquals(fence + 1, taken.fence());
    assertFalse(holds("g1", fence), "the old holder's next write is refused");
  }

  @Test
  void aRenewalExtendsWhatIsStillHeldAndReportsLostGoalsAndCancelRequests() throws Exception {
    goal("g1", "queued", "alice", T0);
    goal("g2", "queued", "alice", T0 + 1);
    goal("g3", "queued", "alice", T0 + 2);
    Map<String, Long> held = new HashMap<>();
    a.claim("node-a", 3, T0, LEASE).forEach(c -> held.put(c.goalId(), c.fence()));
    assertEquals(Set.of("g1", "g2", "g3"), held.keySet());
    status("g2", "running");
    // node-a stalls: node-b takes g2 over, g3 is released (it ended)
    b.claim("node-b", 1, T0 + LEASE + 1, LEASE, List.of("g1", "g3"));
    status("g3", "succeeded");
    assertTrue(a.release("g3", held.get("g3")));
    assertTrue(b.requestCancel("g1"));

    GoalClaims.Renewal r = a.renew("node-a", held, T0 + LEASE + 5, LEASE);
    assertEquals(Set.of("g2", "g3"), r.lost());
    assertEquals(Set.of("g1"), r.cancelRequested());
    assertEquals(new Row("node-a", T0 + 2 * LEASE + 5, 1, true), row("g1"));
    assertEquals("node-b", row("g2").instance(), "a lost goal's lease is not touched");
    assertEquals(new Row("node-a", null, 1, false), row("g3"), "an ended goal names who ran it");
  }

  @Test
  void releaseClearsOnlyAnEndedGoalAndAHandOverMakesAGoalClaimableAtOnce() throws Exception {
    goal("g1", "queued", "alice", T0);
    long fence = a.claim("node-a", 1, T0, LEASE).get(0).fence();
    status("g1", "running");
    assertFalse(a.release("g1", fence), "still running: its lease runs out instead");
    assertTrue(a.handOver("g1", fence));
    GoalClaims.Claim next = b.claim("node-b", 1, T0 + 1, LEASE).get(0);
    assertTrue(next.takenOver(), "a running goal handed over is taken over (recovered) at once");
    assertEquals(fence + 1, next.fence());
  }

  @Test
  void aRestartedInstanceReleasesWhatItsPreviousProcessHeld() throws SQLException {
    goal("g1", "queued", "alice", T0);
    goal("g2", "queued", "alice", T0 + 1);
    goal("g3", "queued", "alice", T0 + 2);
    a.claim("node-a", 2, T0, LEASE);
    b.claim("node-b", 1, T0, LEASE);
    assertEquals(2, a.releaseAll("node-a"));
    assertEquals(
        List.of("g1", "g2"),
        b.claim("node-b", 5, T0 + 1, LEASE).stream().map(GoalClaims.Claim::goalId).toList());
  }

  @Test
  void aCancelCanBeAskedOfQueuedAndRunningGoalsOnly() throws SQLException {
    goal("q", "queued", "alice", T0);
    goal("r", "running", "alice", T0);
    goal("s", "succeeded", "alice", T0);
    assertTrue(a.requestCancel("q"));
    assertTrue(a.requestCancel("r"));
    assertFalse(a.requestCancel("s"));
    assertFalse(a.requestCancel("nope"));
    assertTrue(a.claim("node-a", 1, T0, LEASE).get(0).cancelRequested());
  }

  @Test
  void queuedGoalsAreCountedAcrossTheClusterInAllAndPerOwner() throws Exception {
    AtomicInteger n = new AtomicInteger();
    for (String owner : new String[] {"alice", "alice", "bob", null}) {
      goal("g" + n.incrementAndGet(), "queued", owner, T0);
    }
    goal("g9", "running", "alice", T0);
    assertEquals(new GoalClaims.QueuedCounts(4, 2), a.queued("alice"));
    assertEquals(new GoalClaims.QueuedCounts(4, 1), b.queued("bob"));
    assertEquals(new GoalClaims.QueuedCounts(4, 1), b.queued(null));
    assertEquals(new GoalClaims.QueuedCounts(4, 0), b.queued("carol"));
  }
}
