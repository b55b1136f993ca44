package io.ponybunny.agent.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Versioned schema migrations, applied in order at startup (ADR 0006). Each migration is a SQL
 * script {@code db/migration/V<n>__<name>.sql} listed in {@link #MIGRATIONS}; applied versions are
 * recorded with a checksum in {@code pb_schema_history}. A script is applied in one transaction; an
 * applied script that changed is refused (add a new version instead).
 */
public final class SchemaMigrator {

  /** Every migration, in order. Add new scripts at the end; never edit an applied one. */
  public static final List<String> MIGRATIONS =
      List.of(
          "V1__agent_schema.sql",
          "V2__identity_and_ownership.sql",
          "V3__quotas_and_checkpoints.sql");

  static final String HISTORY = "pb_schema_history";
  private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

  private SchemaMigrator() {}

  /** Applies the pending migrations; returns how many were applied. */
  public static int migrate(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return migrate(c);
    }
  }

  /** Applies the pending migrations on {@code c}; returns how many were applied. */
  public static int migrate(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    try {
      c.setAutoCommit(true);
      if (!tableExists(c, HISTORY)) {
        try (Statement s = c.createStatement()) {
          s.execute(
              "CREATE TABLE "
                  + HISTORY
                  + " (version INTEGER NOT NULL PRIMARY KEY, script VARCHAR(200) NOT NULL,"
                  + " checksum VARCHAR(64) NOT NULL, applied_at BIGINT NOT NULL)");
        }
      }
      int applied = 0;
      for (String script : MIGRATIONS) {
        int version = version(script);
        String sql = read(script);
        String checksum = sha256(sql);
        String recorded = recordedChecksum(c, version);
        if (recorded != null) {
          if (!recorded.equals(checksum)) {
            throw new SQLException(
                "migration "
                    + script
                    + " was changed after it was applied (checksum "
                    + recorded
                    + " in "
                    + HISTORY
                    + "); add a new migration instead");
          }
          continue;
        }
        apply(c, version, script, sql, checksum);
        applied++;
      }
      return applied;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private static void apply(Connection c, int version, String script, String sql, String checksum)
      throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      for (String statement : statements(sql)) {
        s.execute(statement);
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO "
                  + HISTORY
                  + " (version, script, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
        p.setInt(1, version);
        p.setString(2, script);
        p.setString(3, checksum);
        p.setLong(4, System.currentTimeMillis());
        p.executeUpdate();
      }
      c.commit();
      LOG.info("Applied schema migration " + script);
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** The statements of a script: split on {@code ;} at line ends, {@code --} comments removed. */
  static List<String> statements(String sql) {
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
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  static int version(String script) {
    if (!script.matches("V\\d+__[A-Za-z0-9_]+\\.sql")) {
      throw new IllegalArgumentException("bad migration name " + script);
    }
    return Integer.parseInt(script.substring(1, script.indexOf("__")));
  }

  private static String recordedChecksum(Connection c, int version) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT checksum FROM " + HISTORY + " WHERE version = ?")) {
      p.setInt(1, version);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static boolean tableExists(Connection c, String table) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    for (String name : List.of(table, table.toUpperCase(java.util.Locale.ROOT))) {
      try (ResultSet rs = md.getTables(null, null, name, new String[] {"TABLE"})) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  static String read(String script) {
    try (InputStream in =
        SchemaMigrator.class.getClassLoader().getResourceAsStream("db/migration/" + script)) {
      if (in == null) {
        throw new IllegalStateException("missing migration db/migration/" + script);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(s.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
