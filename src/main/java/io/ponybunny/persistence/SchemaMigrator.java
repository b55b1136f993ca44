package io.ponybunny.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalInt;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Versioned schema migrations by Flyway, applied in order at startup (ADR 0006). Each migration is
 * a SQL script {@code db/migration/V<n>__<name>.sql} listed in {@link #MIGRATIONS} (Flyway reads
 * the list, it does not scan the class path); applied versions are recorded in Flyway's history
 * table {@value #HISTORY}.
 *
 * <p>Concurrent starts are serialised by Flyway's lock (a PostgreSQL advisory lock; on H2 a row
 * lock on the history table, and an H2 file opens in one process only). Each script runs in one
 * transaction: on PostgreSQL a failing script leaves nothing behind; H2 commits each DDL statement
 * as it runs, so there what ran before the error stays and Flyway records the failure, which stops
 * the next start until it is cleared. A failure stops the start with one log line naming the script
 * and the SQL error. A changed applied script is refused (add a new version instead).
 *
 * <p>A database migrated by the runner used before Flyway ({@link LegacySchemaHistory}) is
 * baselined at the version it reached, so its scripts do not run again.
 */
public final class SchemaMigrator {

  /** Every migration, in order. Add new scripts at the end; never edit an applied one. */
  public static final List<String> MIGRATIONS =
      List.of(
          "V1__agent_schema.sql",
          "V2__identity_and_ownership.sql",
          "V3__quotas_and_checkpoints.sql",
          "V4__cluster.sql",
          "V5__shared_sign_in_state.sql",
          "V6__stream_client.sql",
          "V7__stream_cost.sql",
          "V8__stream_timings.sql");

  /** Where {@link #MIGRATIONS} are on the class path. */
  static final String LOCATION = "db/migration/";

  /**
   * Flyway's history table: not Flyway's default {@code flyway_schema_history}, so that a database
   * or PostgreSQL schema shared with another Flyway-migrated application keeps two histories, and
   * all of PonyBunny's tables share the {@code pb_} prefix. Flyway quotes it: on H2 it is the
   * lower-case {@code "pb_flyway_history"}.
   */
  static final String HISTORY = "pb_flyway_history";

  private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

  private SchemaMigrator() {}

  /** Applies the pending migrations; returns how many were applied. */
  public static int migrate(DataSource dataSource) throws SQLException {
    return migrate(dataSource, MIGRATIONS.stream().map(s -> LOCATION + s).toList());
  }

  /** Applies the pending ones of {@code resources} (class path resources, in order). */
  static int migrate(DataSource dataSource, List<String> resources) throws SQLException {
    ClassLoader loader = SchemaMigrator.class.getClassLoader();
    MigrationScripts scripts = MigrationScripts.load(resources, loader);
    OptionalInt legacy;
    String database;
    try (Connection c = dataSource.getConnection()) {
      database = c.getMetaData().getDatabaseProductName();
      legacy = LegacySchemaHistory.baselineVersion(c, HISTORY, scripts);
    } catch (SQLException e) {
      throw fail(MigrationFailure.describe(e));
    }
    FluentConfiguration config =
        Flyway.configure(loader)
            .dataSource(dataSource)
            .table(HISTORY)
            .resourceProvider(scripts)
            .javaMigrationClassProvider(List::of)
            .loggers(FlywayLogging.class.getName())
            .placeholderReplacement(false)
            .cleanDisabled(true);
    if (legacy.isPresent()) {
      LOG.info(
          "Upgrading a database of the migration runner before Flyway: baseline at version "
              + legacy.getAsInt()
              + " ("
              + LegacySchemaHistory.TABLE
              + ")");
      config
          .baselineOnMigrate(true)
          .baselineVersion(Integer.toString(legacy.getAsInt()))
          .baselineDescription("applied before Flyway (" + LegacySchemaHistory.TABLE + ")");
    }
    try {
      return config.load().migrate().migrationsExecuted;
    } catch (FlywayException e) {
      throw fail(MigrationFailure.describe(e, database));
    }
  }

  private static SQLException fail(String message) {
    LOG.severe(message);
    return new SQLException(message);
  }
}
