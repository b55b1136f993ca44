package io.ponybunny.cluster;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The instances of a cluster in {@code pb_instance}: each one records itself at start and at every
 * heartbeat ({@link #beat}); one whose {@code last_seen} is older than the goal lease is dead, and
 * its row is deleted an hour later ({@link #forget}). Plain JDBC on PostgreSQL (cluster mode only),
 * each statement committed on its own, never part of the caller's transaction; a database error is
 * thrown as {@link IllegalStateException}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class InstanceRegistry {

  /** How long the row of a dead instance is kept. */
  public static final long FORGET_AFTER_MILLIS = 3_600_000;

  @Resource(lookup = "jdbc/ponybunny")
  DataSource dataSource;

  /** For CDI. */
  public InstanceRegistry() {}

  /** On {@code dataSource} (tests). */
  public InstanceRegistry(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Records that {@code instance} is alive at {@code now} (first seen: started at {@code now}). */
  public void beat(String instance, long now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO pb_instance (id, started_at, last_seen) VALUES (?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET last_seen = EXCLUDED.last_seen")) {
      s.setString(1, instance);
      s.setLong(2, now);
      s.setLong(3, now);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not record instance " + instance, e);
    }
  }

  /** When {@code instance} was last seen, if it has a row. */
  public Optional<Long> lastSeen(String instance) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT last_seen FROM pb_instance WHERE id = ?")) {
      s.setString(1, instance);
      try (var rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read instance " + instance, e);
    }
  }

  /** Deletes the instances last seen before {@code before}; returns how many. */
  public int forget(long before) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM pb_instance WHERE last_seen < ?")) {
      s.setLong(1, before);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not delete dead instances", e);
    }
  }
}
