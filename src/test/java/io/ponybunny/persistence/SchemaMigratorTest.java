package io.ponybunny.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

  private static final String PASSWORD = "canary-db-password-5e1f";
  private static final List<String> RELEASED =
      SchemaMigrator.MIGRATIONS.stream().map(s -> SchemaMigrator.LOCATION + s).toList();

  private final List<LogRecord> logged = new ArrayList<>();
  private final Logger root = Logger.getLogger("");
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          synchronized (logged) {
            logged.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Level flywayLevel;

  @BeforeEach
  void captureLogs() {
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
    Logger flyway = Logger.getLogger("org.flywaydb");
    flywayLevel = flyway.getLevel();
    flyway.setLevel(Level.ALL);
  }

  @AfterEach
  void stopCapture() {
    root.removeHandler(capture);
    Logger.getLogger("org.flywaydb").setLevel(flywayLevel);
  }

  private static DataSource h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("ponybunny");
    ds.setPassword(PASSWORD);
    return ds;
  }

  private static long count(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static boolean tableExists(DataSource ds, String table) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return LegacySchemaHistory.tableExists(c, table);
    }
  }

  private List<LogRecord> warningsAndWorse() {
    synchronized (logged) {
      return logged.stream()
          .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
          .toList();
    }
  }

  @Test
  void aFreshDatabaseGetsEveryMigrationOnceAndTheSchemaWorks() throws Exception {
    DataSource ds = h2();
    assertEquals(SchemaMigrator.MIGRATIONS.size(), SchemaMigrator.migrate(ds));
    assertEquals(0, SchemaMigrator.migrate(ds), "a second start applies nothing");
    assertEquals(
        SchemaMigrator.MIGRATIONS.size(),
        count(
            ds,
            "SELECT COUNT(*) FROM \"pb_flyway_history\" WHERE \"type\" = 'SQL' AND \"success\""));
    assertFalse(tableExists(ds, LegacySchemaHistory.TABLE), "no history of the old runner");
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO pb_goal (id, title, description, status, max_tokens, max_steps,"
              + " max_duration_s, tokens_used, created_at) VALUES ('g1', 't', 'd', 'queued', 1,"
              + " 1, 1, 0, 0)");
      s.execute(
          "INSERT INTO pb_stream (request_id, status, chunks, tokens_used, started_at, content)"
              + " VALUES ('r1', 'streaming', 0, 0, 0, '"
              + "x".repeat(100_000)
              + "')");
      assertThrows(
          SQLException.class,
          () ->
              s.execute(
                  "INSERT INTO pb_work_item (id, goal_id, title, status, item_order) VALUES"
                      + " ('w1', 'nope', 't', 'pending', 0)"),
          "work items need their goal");
    }
    assertEquals(List.of(), warningsAndWorse());
  }

  @Test
  void aDatabaseOfTheOldRunnerIsUpgradedInPlaceWithoutRunningItsScriptsAgain() throws Exception {
    DataSource ds = h2();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      // The old runner shipped V1 and V2 only.
      LegacyRunner.apply(c, SchemaMigrator.MIGRATIONS.subList(0, 2));
      s.execute(
          "INSERT INTO pb_goal (id, title, description, status, max_tokens, max_steps,"
              + " max_duration_s, tokens_used, created_at) VALUES ('kept', 't', 'd', 'done', 1,"
              + " 1, 1, 0, 0)");
    }

    assertEquals(
        SchemaMigrator.MIGRATIONS.size() - 2,
        SchemaMigrator.migrate(ds),
        "V1 and V2 are not run again; the later ones are");
    assertEquals(0, SchemaMigrator.migrate(ds));

    assertEquals(1, count(ds, "SELECT COUNT(*) FROM pb_goal WHERE id = 'kept'"));
    assertEquals(
        1,
        count(
            ds,
            "SELECT COUNT(*) FROM \"pb_flyway_history\" WHERE \"type\" = 'BASELINE'"
                + " AND \"version\" = '2'"),
        "baselined at the old runner's highest version");
    assertEquals(
        SchemaMigrator.MIGRATIONS.size() - 2,
        count(ds, "SELECT COUNT(*) FROM \"pb_flyway_history\" WHERE \"type\" = 'SQL'"),
        "no script of the old runner ran");
    assertEquals(2, count(ds, "SELECT COUNT(*) FROM pb_schema_history"), "left as it was");
  }

  @Test
  void anOldDatabaseThatStoppedAtV1GetsV2FromFlyway() throws Exception {
    DataSource ds = h2();
    try (Connection c = ds.getConnection()) {
      LegacyRunner.apply(c, SchemaMigrator.MIGRATIONS.subList(0, 1));
    }
    assertEquals(SchemaMigrator.MIGRATIONS.size() - 1, SchemaMigrator.migrate(ds));
    assertEquals(
        1,
        count(
            ds,
            "SELECT COUNT(*) FROM \"pb_flyway_history\" WHERE \"type\" = 'BASELINE'"
                + " AND \"version\" = '1'"));
    assertEquals(
        1,
        count(
            ds,
            "SELECT COUNT(*) FROM \"pb_flyway_history\" WHERE \"script\" = "
                + "'V2__identity_and_ownership.sql' AND \"success\""));
  }

  @Test
  void aScriptChangedSinceTheOldRunnerAppliedItIsRefusedBeforeFlywayTouchesTheDatabase()
      throws Exception {
    DataSource ds = h2();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      // The old runner shipped V1 and V2 only.
      LegacyRunner.apply(c, SchemaMigrator.MIGRATIONS.subList(0, 2));
      s.execute("UPDATE pb_schema_history SET checksum = 'x' WHERE version = 1");
    }
    SQLException e = assertThrows(SQLException.class, () -> SchemaMigrator.migrate(ds));
    assertTrue(
        e.getMessage().contains("V1__agent_schema.sql was changed after it was applied"),
        e.getMessage());
    assertFalse(tableExists(ds, SchemaMigrator.HISTORY), "no Flyway history was started");
  }

  @Test
  void aScriptChangedAfterFlywayAppliedItIsRefused() throws Exception {
    DataSource ds = h2();
    SchemaMigrator.migrate(ds);
    List<String> changed = List.of(RELEASED.get(0), "db/changed/V2__identity_and_ownership.sql");
    SQLException e = assertThrows(SQLException.class, () -> SchemaMigrator.migrate(ds, changed));
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void aFailingMigrationStopsTheStartWithOneLineNamingTheScriptAndTheSqlError() throws Exception {
    DataSource ds = h2();
    List<String> withBroken = new ArrayList<>(RELEASED);
    withBroken.add("db/failing/V99__broken.sql");

    SQLException e = assertThrows(SQLException.class, () -> SchemaMigrator.migrate(ds, withBroken));

    String message = e.getMessage();
    assertTrue(message.startsWith("Schema migration V99__broken.sql failed at line 3"), message);
    assertTrue(message.contains("Table \"PB_NO_SUCH_TABLE\" not found"), message);
    assertTrue(message.contains("SQL state 42S02"), message);
    assertFalse(message.contains("\n"), "one line: " + message);
    List<LogRecord> severe = warningsAndWorse();
    assertEquals(
        1, severe.size(), () -> severe.stream().map(LogRecord::getMessage).toList().toString());
    assertEquals(message, severe.get(0).getMessage());
    assertTrue(tableExists(ds, "pb_api_key"), "the real migrations were applied before V99");

    // H2 commits DDL as it runs: V99's first statement stays, and the failure is recorded, so the
    // next start refuses until someone clears both.
    assertTrue(tableExists(ds, "pb_half_built"));
    SQLException again =
        assertThrows(SQLException.class, () -> SchemaMigrator.migrate(ds, withBroken));
    assertTrue(again.getMessage().contains("failed migration to version 99"), again.getMessage());
    assertFalse(again.getMessage().contains("\n"), again.getMessage());
  }

  @Test
  void neitherFlywayNorTheMigratorLogsTheDatabasePassword() throws Exception {
    DataSource ds = h2();
    List<String> withBroken = new ArrayList<>(RELEASED);
    withBroken.add("db/failing/V99__broken.sql");
    assertThrows(SQLException.class, () -> SchemaMigrator.migrate(ds, withBroken));

    List<String> lines;
    synchronized (logged) {
      lines = logged.stream().map(r -> r.getMessage() + " " + r.getThrown()).toList();
    }
    assertTrue(
        lines.stream().anyMatch(l -> l.contains("Database: jdbc:h2:")), "Flyway logged at all");
    assertTrue(lines.stream().noneMatch(l -> l.contains(PASSWORD)), lines.toString());
  }

  @Test
  void everyScriptIsListedInOrder() throws Exception {
    Path dir = Path.of("src/main/resources/db/migration");
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(names, SchemaMigrator.MIGRATIONS, "every script in db/migration is listed");
    }
    for (int i = 0; i < SchemaMigrator.MIGRATIONS.size(); i++) {
      assertEquals(i + 1, MigrationScripts.version(SchemaMigrator.MIGRATIONS.get(i)));
    }
  }
}
