package io.ponybunny.security.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.security.Secrets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@link PendingSignIns} shared by several instances on one database; run on H2 ({@link
 * PendingSignInsTest}) and PostgreSQL ({@link PendingSignInsPostgresTest}).
 */
abstract class PendingSignInsCases {

  static final long T0 = 1_750_000_000_000L;
  static final Duration TTL = PendingSignIns.TTL;

  /** Races per concurrency test: one race may happen not to collide. */
  private static final int ROUNDS = 20;

  /** A new, migrated database of the test's own. */
  abstract DataSource database() throws SQLException;

  private static PendingSignIns instance(DataSource db, int max) {
    return new PendingSignIns(db, TTL, max);
  }

  private static long count(DataSource db) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM pb_oidc_pending");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void clear(DataSource db) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM pb_oidc_pending")) {
      s.executeUpdate();
    }
  }

  @Test
  void aSignInStartedOnOneInstanceIsTakenOnAnotherOnce() throws Exception {
    DataSource db = database();
    PendingSignIns a = instance(db, PendingSignIns.MAX);
    PendingSignIns b = instance(db, PendingSignIns.MAX);
    assertTrue(a.start("state-one", "binding-one", "nonce-one", "/goals", T0));

    PendingSignIns.Started taken = b.take("state-one", T0 + 1_000).orElseThrow();
    assertTrue(taken.boundTo("binding-one"));
    assertFalse(taken.boundTo("binding-two"));
    assertFalse(taken.boundTo(null));
    assertTrue(taken.hasNonce("nonce-one"));
    assertFalse(taken.hasNonce("nonce-two"));
    assertEquals("/goals", taken.next());
    assertEquals(T0, taken.startedAt());

    assertTrue(b.take("state-one", T0 + 2_000).isEmpty(), "used once");
    assertTrue(a.take("state-one", T0 + 2_000).isEmpty(), "used once, on every instance");
    assertTrue(a.take("state-never-started", T0).isEmpty());
    assertEquals(0, count(db));
  }

  @Test
  void anExpiredSignInIsRefusedAndDeleted() throws Exception {
    DataSource db = database();
    PendingSignIns a = instance(db, PendingSignIns.MAX);
    PendingSignIns b = instance(db, PendingSignIns.MAX);
    a.start("state-late", "binding", "nonce", "/", T0);
    a.start("state-in-time", "binding", "nonce", "/", T0);

    assertTrue(b.take("state-in-time", T0 + TTL.toMillis()).isPresent(), "just in time");
    assertTrue(b.take("state-late", T0 + TTL.toMillis() + 1).isEmpty(), "expired");
    assertEquals(0, count(db), "an expired sign-in is deleted when used");

    a.start("state-left-over", "binding", "nonce", "/", T0);
    b.start("state-new", "binding", "nonce", "/", T0 + TTL.toMillis() + 1);
    assertEquals(1, count(db), "expired sign-ins are deleted when another one starts");
    assertTrue(a.take("state-left-over", T0).isEmpty());
  }

  @Test
  void theCapHoldsAcrossInstances() throws Exception {
    DataSource db = database();
    PendingSignIns a = instance(db, 3);
    PendingSignIns b = instance(db, 3);
    assertTrue(a.start("state-1", "binding", "nonce", "/", T0));
    assertTrue(b.start("state-2", "binding", "nonce", "/", T0));
    assertTrue(a.start("state-3", "binding", "nonce", "/", T0));
    assertFalse(b.start("state-4", "binding", "nonce", "/", T0), "three in progress in all");
    assertFalse(a.start("state-5", "binding", "nonce", "/", T0));
    assertEquals(3, count(db));
    assertTrue(b.take("state-4", T0).isEmpty(), "a refused start leaves nothing");

    assertTrue(b.take("state-2", T0).isPresent());
    assertTrue(a.start("state-6", "binding", "nonce", "/", T0), "room again");
    assertTrue(
        b.start("state-7", "binding", "nonce", "/", T0 + TTL.toMillis() + 1),
        "expired ones make room");
    assertEquals(1, count(db));
  }

  @Test
  void concurrentStartsOnSeveralInstancesNeverExceedTheCap() throws Exception {
    DataSource db = database();
    int max = 5;
    List<PendingSignIns> instances = List.of(instance(db, max), instance(db, max));
    for (int round = 0; round < ROUNDS; round++) {
      clear(db);
      CountDownLatch go = new CountDownLatch(1);
      List<Callable<Boolean>> starts = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        PendingSignIns on = instances.get(i % 2);
        String state = "state-" + round + "-" + i;
        starts.add(
            () -> {
              go.await();
              return on.start(state, "binding", "nonce", "/", T0);
            });
      }
      int started = 0;
      for (Future<Boolean> f : runAll(starts, go)) {
        started += f.get() ? 1 : 0;
      }
      // A start that finds the cap passed withdraws its own row, so starts racing at the cap may
      // all be refused: never more than the cap, sometimes fewer.
      assertTrue(started <= max, started + " started");
      assertEquals(started, count(db), "every start that failed left nothing");
    }
  }

  @Test
  void concurrentCallbacksOnSeveralInstancesTakeASignInOnce() throws Exception {
    DataSource db = database();
    List<PendingSignIns> instances =
        List.of(instance(db, PendingSignIns.MAX), instance(db, PendingSignIns.MAX));
    for (int round = 0; round < ROUNDS; round++) {
      String state = "state-raced-" + round;
      instances.get(0).start(state, "binding", "nonce", "/", T0);
      CountDownLatch go = new CountDownLatch(1);
      List<Callable<Optional<PendingSignIns.Started>>> takes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        PendingSignIns on = instances.get(i % 2);
        takes.add(
            () -> {
              go.await();
              return on.take(state, T0);
            });
      }
      int taken = 0;
      for (Future<Optional<PendingSignIns.Started>> f : runAll(takes, go)) {
        taken += f.get().isPresent() ? 1 : 0;
      }
      assertEquals(1, taken, "round " + round);
    }
  }

  @Test
  void onlyHashesOfTheStateBindingAndNonceAreStored() throws Exception {
    DataSource db = database();
    instance(db, PendingSignIns.MAX).start("state-plain", "binding-plain", "nonce-plain", "/", T0);
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT state_hash, binding_hash, nonce_hash, next_path FROM pb_oidc_pending");
        ResultSet rs = s.executeQuery()) {
      assertTrue(rs.next());
      assertEquals(Secrets.sha256("state-plain"), rs.getString(1));
      assertEquals(Secrets.sha256("binding-plain"), rs.getString(2));
      assertEquals(Secrets.sha256("nonce-plain"), rs.getString(3));
      assertEquals("/", rs.getString(4));
    }
  }

  private static <T> List<Future<T>> runAll(List<Callable<T>> tasks, CountDownLatch go) {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> t : tasks) {
        futures.add(pool.submit(t));
      }
      go.countDown();
      return futures;
    } finally {
      pool.shutdown();
    }
  }
}
