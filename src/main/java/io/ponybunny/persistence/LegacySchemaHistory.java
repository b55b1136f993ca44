package io.ponybunny.persistence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The history that PonyBunny's own migration runner kept before Flyway: table {@code
 * pb_schema_history} (version, script, SHA-256 checksum, applied_at). A database it migrated has
 * that table and no Flyway history; Flyway is then baselined at the highest version recorded, once
 * every recorded script is checked unchanged (as the old runner checked), so that V1, V2 do not run
 * again. The table itself is left in place, unused, as the record of those upgrades.
 */
final class LegacySchemaHistory {

  static final String TABLE = "pb_schema_history";

  private LegacySchemaHistory() {}

  /**
   * The version to baseline Flyway at: empty when Flyway's history {@code flywayTable} exists
   * already or the old runner never ran here (a fresh database), else the highest version in {@code
   * pb_schema_history} (0 when it is empty: the old runner's first script failed).
   *
   * @throws SQLException when a recorded script changed or is not one of {@code scripts}
   */
  static OptionalInt baselineVersion(Connection c, String flywayTable, MigrationScripts scripts)
      throws SQLException {
    if (tableExists(c, flywayTable) || !tableExists(c, TABLE)) {
      return OptionalInt.empty();
    }
    int highest = 0;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version, script, checksum FROM " + TABLE + " ORDER BY version")) {
      while (rs.next()) {
        int version = rs.getInt(1);
        String script = rs.getString(2);
        String text = scripts.text(version);
        if (text == null) {
          throw new SQLException(
              TABLE + " records " + script + ", which is not a migration of this PonyBunny");
        }
        if (!sha256(text).equals(rs.getString(3))) {
          throw new SQLException(
              "migration "
                  + script
                  + " was changed after it was applied (checksum "
                  + rs.getString(3)
                  + " in "
                  + TABLE
                  + "); add a new migration instead");
        }
        highest = Math.max(highest, version);
      }
    }
    return OptionalInt.of(highest);
  }

  /** The old runner's checksum: SHA-256 of the UTF-8 text with CRLF read as LF, in hex. */
  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(s.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code table} exists in the connection's current schema (any letter case). */
  static boolean tableExists(Connection c, String table) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
      try (ResultSet rs = md.getTables(null, c.getSchema(), name, new String[] {"TABLE"})) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }
}
