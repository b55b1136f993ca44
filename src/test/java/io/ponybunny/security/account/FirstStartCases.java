package io.ponybunny.security.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@link FirstStart} of several instances starting on one database; run on H2 ({@link
 * FirstStartTest}) and PostgreSQL ({@link FirstStartPostgresTest}).
 */
abstract class FirstStartCases {

  private static final long T0 = 1_750_000_000_000L;
  private static final int INSTANCES = 6;

  /** Races of concurrent starts per test: one race may happen not to collide. */
  private static final int ROUNDS = 5;

  /** A new, migrated database of the test's own. */
  abstract DataSource database() throws SQLException;

  private static FirstStart instance(DataSource db) {
    return new FirstStart(db, new FirstStartLinks(db));
  }

  /** The admin accounts: user name and password hash. */
  private static List<List<String>> admins(DataSource db) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT username, password_hash, role FROM pb_account ORDER BY username");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        assertEquals("admin", rs.getString(3));
        out.add(Arrays.asList(rs.getString(1), rs.getString(2)));
      }
    }
    return out;
  }

  /** Runs {@code INSTANCES} first starts at once; returns what each did (none may fail). */
  private static List<FirstStart.Outcome> startTogether(DataSource db, Supplier<String> hash)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
    try {
      List<Future<FirstStart.Outcome>> starts = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        FirstStart instance = instance(db);
        starts.add(
            pool.submit(
                () -> {
                  go.await();
                  return instance.run(hash, T0);
                }));
      }
      go.countDown();
      List<FirstStart.Outcome> outcomes = new ArrayList<>();
      for (Future<FirstStart.Outcome> start : starts) {
        outcomes.add(start.get()); // throws if a start failed
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void instancesStartingTogetherOnAnEmptyDatabaseMakeOneAdminAndEachPrintsAWorkingLink()
      throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      oneAdminAndWorkingLinks(database());
    }
  }

  private static void oneAdminAndWorkingLinks(DataSource db) throws Exception {
    List<FirstStart.Outcome> outcomes = startTogether(db, null);

    assertEquals(List.of(Arrays.asList("admin", null)), admins(db), "exactly one admin");
    List<String> tokens = new ArrayList<>();
    for (FirstStart.Outcome o : outcomes) {
      tokens.add(assertInstanceOf(FirstStart.Outcome.LinkIssued.class, o).token());
    }
    assertEquals(INSTANCES, tokens.stream().distinct().count());
    FirstStartLinks elsewhere = new FirstStartLinks(db);
    assertTrue(elsewhere.consume(tokens.get(2)), "a printed link works on another instance");
    for (String token : tokens) {
      assertFalse(elsewhere.consume(token), "and then no link works any more");
    }
  }

  @Test
  void instancesStartingTogetherWithThePasswordMakeOneAdminWithIt() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      oneAdminWithThePassword(database());
    }
  }

  private static void oneAdminWithThePassword(DataSource db) throws Exception {
    AtomicInteger hashed = new AtomicInteger();
    List<FirstStart.Outcome> outcomes =
        startTogether(
            db,
            () -> {
              hashed.incrementAndGet();
              return "hash-of-the-configured-password";
            });

    assertEquals(
        List.of(List.of("admin", "hash-of-the-configured-password")),
        admins(db),
        "exactly one admin, with the password");
    assertEquals(
        1,
        outcomes.stream().filter(o -> o instanceof FirstStart.Outcome.CreatedWithPassword).count());
    assertTrue(
        outcomes.stream()
            .allMatch(
                o ->
                    o instanceof FirstStart.Outcome.CreatedWithPassword
                        || o instanceof FirstStart.Outcome.AdminCanSignIn),
        outcomes.toString());
    assertTrue(hashed.get() >= 1 && hashed.get() <= INSTANCES);
    assertEquals(List.of(), FirstStartLinksCases.storedHashes(db), "no link");
  }

  @Test
  void aPasswordGivenLaterIsSetOnceAndEndsTheLinks() throws Exception {
    DataSource db = database();
    String token =
        assertInstanceOf(FirstStart.Outcome.LinkIssued.class, instance(db).run(null, T0)).token();

    assertInstanceOf(
        FirstStart.Outcome.PasswordSet.class, instance(db).run(() -> "first-hash", T0 + 1));
    assertFalse(new FirstStartLinks(db).consume(token), "an admin can sign in: links end");

    AtomicInteger hashed = new AtomicInteger();
    assertInstanceOf(
        FirstStart.Outcome.AdminCanSignIn.class,
        instance(db)
            .run(
                () -> {
                  hashed.incrementAndGet();
                  return "second-hash";
                },
                T0 + 2));
    assertEquals(List.of(List.of("admin", "first-hash")), admins(db), "not overwritten");
    assertEquals(0, hashed.get(), "no password hashed when the admin has one");
  }

  @Test
  void aStartWhileAnAdminCanSignInEndsTheLinksLeftOver() throws Exception {
    DataSource db = database();
    String token =
        assertInstanceOf(FirstStart.Outcome.LinkIssued.class, instance(db).run(null, T0)).token();
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE pb_account SET password_hash = 'chosen' WHERE username = ?")) {
      s.setString(1, "admin");
      s.executeUpdate();
    }

    assertInstanceOf(FirstStart.Outcome.AdminCanSignIn.class, instance(db).run(null, T0 + 1));
    assertFalse(new FirstStartLinks(db).consume(token));
  }

  @Test
  void aRestartWithoutAdminPasswordIssuesANewLinkForTheSameAdmin() throws Exception {
    DataSource db = database();
    FirstStart.Outcome first = instance(db).run(null, T0);
    FirstStart.Outcome second = instance(db).run(null, T0 + 1);
    assertInstanceOf(FirstStart.Outcome.LinkIssued.class, first);
    assertInstanceOf(FirstStart.Outcome.LinkIssued.class, second);
    assertEquals(1, admins(db).size());
    assertNull(admins(db).get(0).get(1));
  }
}
