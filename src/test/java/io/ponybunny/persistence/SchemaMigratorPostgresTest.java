package io.ponybunny.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The migrations on PostgreSQL, each test in a schema of its own. Runs when {@code
 * PONYBUNNY_TEST_POSTGRES_URL} names a database (e.g. {@code
 * jdbc:postgresql://127.0.0.1:5433/ponybunny}, the cluster of {@code .ci/postgres-start}); user and
 * password {@code ponybunny} unless {@code PONYBUNNY_TEST_POSTGRES_USER} / {@code _PASSWORD} say
 * otherwise.
 */
@EnabledIfEnvironmentVariable(named = "PONYBUNNY_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class SchemaMigratorPostgresTest {

  private static final List<String> RELEASED =
      SchemaMigrator.MIGRATIONS.stream().map(s -> SchemaMigrator.LOCATION + s).toList();

  private final String schema = "pb_test_" + UUID.randomUUID().toString().replace("-", "");

  private static PGSimpleDataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(System.getenv("PONYBUNNY_TEST_POSTGRES_URL"));
    ds.setUser(
        Objects.requireNonNullElse(System.getenv("PONYBUNNY_TEST_POSTGRES_USER"), "ponybunny"));
    ds.setPassword(
        Objects.requireNonNullElse(System.getenv("PONYBUNNY_TEST_POSTGRES_PASSWORD"), "ponybunny"));
    return ds;
  }

  private DataSource inSchema() {
    PGSimpleDataSource ds = dataSource();
    ds.setCurrentSchema(schema);
    return ds;
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  @BeforeEach
  void createSchema() throws SQLException {
    sql("CREATE SCHEMA " + schema);
  }

  @AfterEach
  void dropSchema() throws SQLException {
    sql("DROP SCHEMA " + schema + " CASCADE");
  }

  private long count(DataSource ds, String query) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private boolean tableExists(DataSource ds, String table) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return LegacySchemaHistory.tableExists(c, table);
    }
  }

  @Test
  void aFreshSchemaGetsEveryMigrationOnce() throws Exception {
    DataSource ds = inSchema();
    assertEquals(SchemaMigrator.MIGRATIONS.size(), SchemaMigrator.migrate(ds));
    assertEquals(0, SchemaMigrator.migrate(ds));
    assertEquals(
        SchemaMigrator.MIGRATIONS.size(),
        count(ds, "SELECT COUNT(*) FROM pb_flyway_history WHERE type = 'SQL' AND success"));
  }

  @Test
  void serversStartingTogetherMigrateOnceUnderFlywaysLock() throws Exception {
    DataSource ds = inSchema();
    CountDownLatch go = new CountDownLatch(1);
    Callable<Integer> server =
        () -> {
          go.await();
          return SchemaMigrator.migrate(ds);
        };
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> starts = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        starts.add(pool.submit(server));
      }
      go.countDown();
      int applied = 0;
      for (Future<Integer> start : starts) {
        applied += start.get();
      }
      assertEquals(SchemaMigrator.MIGRATIONS.size(), applied, "each script ran once in all");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(
        SchemaMigrator.MIGRATIONS.size(),
        count(ds, "SELECT COUNT(*) FROM pb_flyway_history WHERE type = 'SQL' AND success"));
  }

  @Test
  void aSchemaOfTheOldRunnerIsUpgradedInPlace() throws Exception {
    DataSource ds = inSchema();
    try (Connection c = ds.getConnection()) {
      // The old runner shipped V1 and V2 only.
      LegacyRunner.apply(c, SchemaMigrator.MIGRATIONS.subList(0, 2));
    }
    assertEquals(SchemaMigrator.MIGRATIONS.size() - 2, SchemaMigrator.migrate(ds));
    assertEquals(
        1,
        count(
            ds,
            "SELECT COUNT(*) FROM pb_flyway_history WHERE type = 'BASELINE' AND version = '2'"));
    assertEquals(
        SchemaMigrator.MIGRATIONS.size() - 2,
        count(ds, "SELECT COUNT(*) FROM pb_flyway_history WHERE type = 'SQL'"),
        "only the scripts after the old runner's");
  }

  @Test
  void aFailingScriptIsRolledBackAndLeavesNothingBehind() throws Exception {
    DataSource ds = inSchema();
    List<String> withBroken = new ArrayList<>(RELEASED);
    withBroken.add("db/failing/V99__broken.sql");

    SQLException e = assertThrows(SQLException.class, () -> SchemaMigrator.migrate(ds, withBroken));

    String message = e.getMessage();
    assertTrue(message.startsWith("Schema migration V99__broken.sql failed at line 3"), message);
    assertTrue(message.contains("\"pb_no_such_table\" does not exist"), message);
    assertTrue(message.contains("SQL state 42P01"), message);
    assertTrue(message.endsWith("The script was rolled back: nothing of it was kept."), message);
    assertFalse(message.contains("\n"), message);
    assertFalse(tableExists(ds, "pb_half_built"), "V99's first statement was rolled back");
    assertTrue(tableExists(ds, "pb_api_key"), "V1 and V2 stay applied");
    assertEquals(0, count(ds, "SELECT COUNT(*) FROM pb_flyway_history WHERE version = '99'"));

    SQLException again =
        assertThrows(SQLException.class, () -> SchemaMigrator.migrate(ds, withBroken));
    assertTrue(
        again.getMessage().startsWith("Schema migration V99__broken.sql failed"),
        again.getMessage());
    assertEquals(0, SchemaMigrator.migrate(ds), "without V99 the schema is as V3 left it");
  }
}
