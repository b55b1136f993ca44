package io.ponybunny.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the migration runner before Flyway did to a database, for the upgrade tests: the table
 * {@code pb_schema_history} and, per script, its statements (split on {@code ;} at line ends,
 * {@code --} lines dropped) and a row with the SHA-256 of its text.
 */
final class LegacyRunner {

  private LegacyRunner() {}

  static void apply(Connection c, List<String> scripts) throws SQLException, IOException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE pb_schema_history (version INTEGER NOT NULL PRIMARY KEY,"
              + " script VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL,"
              + " applied_at BIGINT NOT NULL)");
      for (String script : scripts) {
        String sql = read(script);
        for (String statement : statements(sql)) {
          s.execute(statement);
        }
        try (PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO pb_schema_history (version, script, checksum, applied_at)"
                    + " VALUES (?, ?, ?, ?)")) {
          p.setInt(1, MigrationScripts.version(script));
          p.setString(2, script);
          p.setString(3, LegacySchemaHistory.sha256(sql));
          p.setLong(4, System.currentTimeMillis());
          p.executeUpdate();
        }
      }
    }
  }

  private static String read(String script) throws IOException {
    try (InputStream in =
        LegacyRunner.class.getClassLoader().getResourceAsStream("db/migration/" + script)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\\R")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (t.endsWith(";")) {
        String stmt = current.toString().strip();
        out.add(stmt.substring(0, stmt.length() - 1));
        current.setLength(0);
      }
    }
    return out;
  }
}
