package io.ponybunny.agent.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

  private static Connection h2() throws SQLException {
    return DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @Test
  void appliesEveryMigrationOnceAndTheSchemaWorks() throws Exception {
    try (Connection c = h2()) {
      assertEquals(SchemaMigrator.MIGRATIONS.size(), SchemaMigrator.migrate(c));
      assertEquals(0, SchemaMigrator.migrate(c), "a second start applies nothing");
      try (Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO pb_goal (id, title, description, status, max_tokens, max_steps,"
                + " max_duration_s, tokens_used, created_at) VALUES ('g1', 't', 'd', 'queued', 1,"
                + " 1, 1, 0, 0)");
        s.execute(
            "INSERT INTO pb_stream (request_id, status, chunks, tokens_used, started_at, content)"
                + " VALUES ('r1', 'streaming', 0, 0, 0, '"
                + "x".repeat(100_000)
                + "')");
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pb_schema_history")) {
          rs.next();
          assertEquals(SchemaMigrator.MIGRATIONS.size(), rs.getInt(1));
        }
        assertThrows(
            SQLException.class,
            () ->
                s.execute(
                    "INSERT INTO pb_work_item (id, goal_id, title, status, item_order) VALUES"
                        + " ('w1', 'nope', 't', 'pending', 0)"),
            "work items need their goal");
      }
    }
  }

  @Test
  void aChangedAppliedMigrationIsRefused() throws Exception {
    try (Connection c = h2()) {
      SchemaMigrator.migrate(c);
      try (Statement s = c.createStatement()) {
        s.execute("UPDATE pb_schema_history SET checksum = 'x' WHERE version = 1");
      }
      SQLException e = assertThrows(SQLException.class, () -> SchemaMigrator.migrate(c));
      assertTrue(e.getMessage().contains("changed after it was applied"), e.getMessage());
    }
  }

  @Test
  void aFailingMigrationLeavesNothingBehind() throws Exception {
    try (Connection c = h2()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE pb_step (x INT)"); // V1 will collide with it
      }
      assertThrows(SQLException.class, () -> SchemaMigrator.migrate(c));
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pb_schema_history")) {
        rs.next();
        assertEquals(0, rs.getInt(1), "the failed version is not recorded");
      }
    }
  }

  @Test
  void everyScriptIsListedInOrderAndSplitsIntoStatements() throws IOException {
    Path dir = Path.of("src/main/resources/db/migration");
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(names, SchemaMigrator.MIGRATIONS, "every script in db/migration is listed");
    }
    for (int i = 0; i < SchemaMigrator.MIGRATIONS.size(); i++) {
      assertEquals(i + 1, SchemaMigrator.version(SchemaMigrator.MIGRATIONS.get(i)));
    }
    assertEquals(
        List.of("CREATE TABLE a (x INT)", "CREATE INDEX b ON a (x)"),
        SchemaMigrator.statements("-- c\nCREATE TABLE a (x INT);\n\nCREATE INDEX b ON a (x);\n"));
  }
}
