package io.ponybunny.persistence;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/**
 * Flyway's log lines to java.util.logging (Liberty's log), one logger per Flyway class, chosen
 * explicitly rather than by Flyway's detection of whichever logging library a class loader happens
 * to see. Flyway's own "Migration of ... failed!" line is demoted to FINE: {@link SchemaMigrator}
 * reports a failed migration on one line, with the script and the SQL error. Flyway is given the
 * container's DataSource, never a URL, user or password, so none of its lines can hold the
 * password.
 */
public final class FlywayLogging implements LogCreator {

  /** Public, no arguments: Flyway instantiates it by name (configuration {@code loggers}). */
  public FlywayLogging() {}

  @Override
  public Log createLogger(Class<?> clazz) {
    return new JulLog(
        Logger.getLogger(clazz.getName()), clazz.getName().endsWith(".command.DbMigrate"));
  }

  private record JulLog(Logger logger, boolean migrateFailuresReportedElsewhere) implements Log {

    @Override
    public boolean isDebugEnabled() {
      return logger.isLoggable(Level.FINE);
    }

    @Override
    public void debug(String message) {
      log(Level.FINE, message, null);
    }

    @Override
    public void info(String message) {
      log(Level.INFO, message, null);
    }

    @Override
    public void warn(String message) {
      log(Level.WARNING, message, null);
    }

    @Override
    public void error(String message) {
      log(errorLevel(), message, null);
    }

    @Override
    public void error(String message, Exception e) {
      log(errorLevel(), message, e);
    }

    @Override
    public void notice(String message) {
      log(Level.INFO, message, null);
    }

    /** Logged as from the Flyway class, not from this bridge. */
    private void log(Level level, String message, Throwable thrown) {
      if (logger.isLoggable(level)) {
        logger.logp(level, logger.getName(), null, message, thrown);
      }
    }

    private Level errorLevel() {
      return migrateFailuresReportedElsewhere ? Level.FINE : Level.SEVERE;
    }
  }
}
