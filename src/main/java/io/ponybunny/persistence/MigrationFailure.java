package io.ponybunny.persistence;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

/**
 * A failed migration in one log line: the script, the line and the SQL error, and what the database
 * kept of the script. Flyway's messages span several lines and end in web links.
 */
final class MigrationFailure {

  private MigrationFailure() {}

  /** A failure of Flyway's migrate on {@code database} (its JDBC product name). */
  static String describe(FlywayException e, String database) {
    String script = null;
    int line = -1;
    SQLException sql = null;
    for (Throwable t = e; t != null && sql == null; t = t.getCause()) {
      if (t instanceof FlywayMigrateException m && m.getMigration() != null) {
        script = m.getMigration().getScript();
      }
      if (t instanceof FlywaySqlScriptException s) {
        line = s.getLineNumber();
      }
      if (t instanceof SQLException s) {
        sql = s;
      }
    }
    if (script == null) {
      return "Schema migration failed, the application does not start: " + oneLine(e.getMessage());
    }
    return "Schema migration "
        + script
        + " failed"
        + (line > 0 ? " at line " + line : "")
        + ", the application does not start: "
        + (sql == null
            ? oneLine(e.getMessage())
            : oneLine(sql.getMessage()) + " (SQL state " + sql.getSQLState() + ")")
        + ". "
        + kept(database);
  }

  /** A failure before Flyway ran: reading the old runner's history. */
  static String describe(SQLException e) {
    return "Schema migration failed, the application does not start: " + oneLine(e.getMessage());
  }

  private static String kept(String database) {
    if (database != null && database.toLowerCase(Locale.ROOT).contains("postgres")) {
      return "The script was rolled back: nothing of it was kept.";
    }
    return "H2 commits each DDL statement as it runs: what the script did before the error stays,"
        + " and Flyway recorded the failure in "
        + SchemaMigrator.HISTORY
        + "; undo what it did and delete the failed row (DELETE FROM \""
        + SchemaMigrator.HISTORY
        + "\" WHERE NOT \"success\") before the next start.";
  }

  /** The lines of {@code message} as one, without Flyway's "Learn more" links. */
  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    return Arrays.stream(message.split("\\R"))
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.matches("-+") && !l.contains("Learn more"))
        .collect(Collectors.joining(" "));
  }
}
