package io.ponybunny.history;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Stream records left {@code streaming} by a cluster instance that died (PostgreSQL, cluster mode
 * only). Each is ended {@code interrupted}, keeping the content of its last checkpoint, by one
 * conditional update: of all the instances that find it at once, exactly one gets it in its result,
 * and only that one announces the end. Plain JDBC, each update committed on its own before it is
 * returned; a database error is thrown as {@link IllegalStateException}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class LostStreams {

  private static final String STREAMING = StreamStatus.STREAMING.wireName();

  private static final String INTERRUPT =
      "UPDATE pb_stream SET status = ?, finish_reason = 'interrupted', error = ?, finished_at = ?,"
          + " duration_ms = COALESCE(duration_ms, ? - started_at)"
          + " WHERE request_id = ? AND status = ?";

  @Resource(lookup = "jdbc/ponybunny")
  DataSource dataSource;

  /** For CDI. */
  public LostStreams() {}

  /** On {@code dataSource} (tests). */
  public LostStreams(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A stream this call ended: the one to announce it. */
  public record Lost(String requestId, String goalId) {}

  /** Ends the streams of goal {@code goalId} still streaming (its instance died). */
  public List<Lost> ofGoal(String goalId, String reason, long now) {
    return interrupt(
        "SELECT request_id, goal_id FROM pb_stream WHERE goal_id = ? AND status = ?",
        goalId,
        reason,
        now);
  }

  /** Ends the streams still streaming of this instance's previous process (at its start). */
  public List<Lost> ofInstance(String instance, String reason, long now) {
    return interrupt(
        "SELECT request_id, goal_id FROM pb_stream WHERE instance = ? AND status = ?",
        instance,
        reason,
        now);
  }

  /**
   * Ends the streams still streaming of the instances in {@code pb_instance} last seen before
   * {@code lastSeenBefore} (dead ones).
   */
  public List<Lost> ofDeadInstances(long lastSeenBefore, String reason, long now) {
    return interrupt(
        "SELECT s.request_id, s.goal_id FROM pb_stream s JOIN pb_instance i ON i.id = s.instance"
            + " WHERE i.last_seen < ? AND s.status = ?",
        lastSeenBefore,
        reason,
        now);
  }

  /** Which of {@code requestIds} have a history record (in any status). */
  public Set<String> recorded(Collection<String> requestIds) {
    Set<String> out = new HashSet<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT 1 FROM pb_stream WHERE request_id = ?")) {
      for (String id : requestIds) {
        s.setString(1, id);
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next()) {
            out.add(id);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not look up stream records", e);
    }
    return out;
  }

  private List<Lost> interrupt(String select, Object key, String reason, long now) {
    List<Lost> candidates = new ArrayList<>();
    List<Lost> ended = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s = c.prepareStatement(select)) {
        s.setObject(1, key);
        s.setString(2, STREAMING);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            candidates.add(new Lost(rs.getString(1), rs.getString(2)));
          }
        }
      }
      try (PreparedStatement u = c.prepareStatement(INTERRUPT)) {
        for (Lost l : candidates) {
          u.setString(1, StreamStatus.INTERRUPTED.wireName());
          u.setString(2, reason);
          u.setLong(3, now);
          u.setLong(4, now);
          u.setString(5, l.requestId());
          u.setString(6, STREAMING);
          if (u.executeUpdate() == 1) {
            ended.add(l);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not end lost streams", e);
    }
    return ended;
  }
}
