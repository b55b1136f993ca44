package io.ponybunny.security.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.security.Secrets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@link FirstStartLinks} of several instances on one database; run on H2 ({@link
 * FirstStartLinksTest}) and PostgreSQL ({@link FirstStartLinksPostgresTest}).
 */
abstract class FirstStartLinksCases {

  static final long T0 = 1_750_000_000_000L;

  /** A new, migrated database of the test's own. */
  abstract DataSource database() throws SQLException;

  static List<String> storedHashes(DataSource db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT token_hash FROM pb_first_start_link");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void aTokenIssuedOnOneInstanceWorksOnAnotherOnce() throws Exception {
    DataSource db = database();
    String token = new FirstStartLinks(db).issue(T0);
    assertEquals(List.of(Secrets.sha256(token)), storedHashes(db), "only the hash is stored");

    FirstStartLinks other = new FirstStartLinks(db);
    assertTrue(other.consume(token));
    assertFalse(other.consume(token), "once");
    assertFalse(new FirstStartLinks(db).consume(token), "once, on every instance");
  }

  @Test
  void usingOneLinkEndsTheLinksOfTheOtherInstances() throws Exception {
    DataSource db = database();
    String first = new FirstStartLinks(db).issue(T0);
    String second = new FirstStartLinks(db).issue(T0 + 1);
    FirstStartLinks third = new FirstStartLinks(db);
    assertTrue(third.consume(second));
    assertFalse(third.consume(first));
    assertEquals(List.of(), storedHashes(db));
  }

  @Test
  void aWithdrawnLinkStopsWorkingAndTheOthersKeepWorking() throws Exception {
    DataSource db = database();
    FirstStartLinks a = new FirstStartLinks(db);
    FirstStartLinks b = new FirstStartLinks(db);
    String stopped = a.issue(T0);
    String running = b.issue(T0);
    a.withdraw(stopped);
    assertFalse(b.consume(stopped));
    assertTrue(a.consume(running));
  }

  @Test
  void clearingEndsEveryLink() throws Exception {
    DataSource db = database();
    String token = new FirstStartLinks(db).issue(T0);
    new FirstStartLinks(db).clear();
    assertFalse(new FirstStartLinks(db).consume(token));
  }

  @Test
  void concurrentUsesOfOneTokenSucceedOnce() throws Exception {
    DataSource db = database();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 20; round++) {
        String token = new FirstStartLinks(db).issue(T0);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> uses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          FirstStartLinks instance = new FirstStartLinks(db);
          uses.add(
              pool.submit(
                  () -> {
                    go.await();
                    return instance.consume(token);
                  }));
        }
        go.countDown();
        int succeeded = 0;
        for (Future<Boolean> use : uses) {
          succeeded += use.get() ? 1 : 0;
        }
        assertEquals(1, succeeded, "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void atMostMaxLinksAreKeptAndTheOldestGoFirst() throws Exception {
    DataSource db = database();
    FirstStartLinks links = new FirstStartLinks(db);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < FirstStartLinks.MAX_LINKS + 2; i++) {
      tokens.add(links.issue(T0 + i));
    }
    assertEquals(FirstStartLinks.MAX_LINKS, storedHashes(db).size());
    assertFalse(storedHashes(db).contains(Secrets.sha256(tokens.get(0))));
    assertFalse(storedHashes(db).contains(Secrets.sha256(tokens.get(1))));
    assertTrue(storedHashes(db).contains(Secrets.sha256(tokens.get(2))));
    assertFalse(links.consume(tokens.get(0)));
    assertTrue(links.consume(tokens.get(tokens.size() - 1)));
  }

  @Test
  void malformedTokensAreRefused() throws Exception {
    DataSource db = database();
    FirstStartLinks links = new FirstStartLinks(db);
    String token = links.issue(T0);
    assertFalse(links.consume(null));
    assertFalse(links.consume(""));
    assertFalse(links.consume(token + "x".repeat(FirstStartLinks.MAX_TOKEN_LENGTH)));
    assertFalse(links.consume(token.substring(1)));
    assertTrue(links.consume(token), "the refusals did not use it up");
  }
}
