package io.ponybunny.agent.persistence;

import io.ponybunny.agent.GoalStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Which cluster instance runs which goal, in {@code pb_goal} (PostgreSQL, cluster mode only). An
 * instance {@link #claim}s goals that are queued, or running under an expired lease (their instance
 * died), each claim in one statement with {@code FOR UPDATE SKIP LOCKED}, so a goal is claimed by
 * exactly one instance at a time; it then {@link #renew}s the leases it holds, {@link #release}s a
 * goal when it ends and {@link #handOver}s one it stops running before its end. Every claim
 * increments the goal's fence: {@link GoalStore}'s fenced writes lock the row with {@link
 * #HOLD_SQL} and are refused once the fence moved on. Plain JDBC, each statement committed on its
 * own and never part of the caller's transaction; a database error is thrown as {@link
 * IllegalStateException}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class GoalClaims {

  /**
   * Locks the goal row (parameters: id, fence) and returns it only while the fence is unchanged: no
   * row means the writer lost the goal. The lock holds until the writer's transaction ends, so no
   * claim can move the fence in between ({@code SKIP LOCKED} passes the row by meanwhile).
   */
  public static final String HOLD_SQL =
      "SELECT fence FROM pb_goal WHERE id = ? AND fence = ? FOR UPDATE";

  private static final String QUEUED = GoalStatus.QUEUED.wireName();
  private static final String RUNNING = GoalStatus.RUNNING.wireName();

  private static final String CLAIM =
      "UPDATE pb_goal g SET instance = ?, lease_until = ?, fence = g.fence + 1"
          + " FROM (SELECT id, status, instance FROM pb_goal"
          + "  WHERE status IN ('"
          + QUEUED
          + "', '"
          + RUNNING
          + "') AND (lease_until IS NULL OR lease_until < ?) AND NOT (id = ANY (?))"
          + "  ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED) c"
          + " WHERE g.id = c.id"
          + " RETURNING g.id, g.owner, g.fence, c.status, g.cancel_requested, g.created_at,"
          + " c.instance";

  private static final String RENEW =
      "UPDATE pb_goal g SET lease_until = ?"
          + " FROM unnest(?::varchar[], ?::bigint[]) AS h(id, fence)"
          + " WHERE g.id = h.id AND g.fence = h.fence AND g.instance = ?"
          + " AND g.status IN ('"
          + QUEUED
          + "', '"
          + RUNNING
          + "') RETURNING g.id, g.cancel_requested";

  @Resource(lookup = "jdbc/ponybunny")
  DataSource dataSource;

  /** For CDI. */
  public GoalClaims() {}

  /** On {@code dataSource} (tests). */
  public GoalClaims(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * A goal claimed by an instance.
   *
   * @param goalId the goal
   * @param owner its owner (null for goals from before ownership)
   * @param fence the fence the claim holds: the runner's writes carry it
   * @param takenOver the goal was running on an instance whose lease expired (it died mid-run)
   * @param cancelRequested a cancel was asked of the goal before the claim
   * @param previousInstance the instance that held the goal before (null when none did)
   */
  public record Claim(
      String goalId,
      String owner,
      long fence,
      boolean takenOver,
      boolean cancelRequested,
      String previousInstance) {}

  /**
   * What a renewal found.
   *
   * @param lost goals no longer held (another instance claimed them, or they were released): their
   *     runners must stop without writing
   * @param cancelRequested goals still held whose cancel was asked
   */
  public record Renewal(Set<String> lost, Set<String> cancelRequested) {}

  /**
   * Queued goals across the cluster, for the queue caps.
   *
   * @param all queued goals of everyone
   * @param ofOwner queued goals of the owner asked about
   */
  public record QueuedCounts(long all, long ofOwner) {}

  /** {@link #claim(String, int, long, long, Collection)} excluding nothing. */
  public List<Claim> claim(String instance, int n, long now, long leaseMillis) {
    return claim(instance, n, now, leaseMillis, List.of());
  }

  /**
   * Claims up to {@code n} goals, oldest first, that are queued or running, with no lease or one
   * that expired before {@code now}, except {@code excluded} (goals still winding down here): each
   * gets {@code instance}, a lease until {@code now + leaseMillis} and its fence incremented. Goals
   * another transaction holds locked are passed by.
   */
  public List<Claim> claim(
      String instance, int n, long now, long leaseMillis, Collection<String> excluded) {
    if (n <= 0) {
      return List.of();
    }
    record Row(Claim claim, long createdAt) {}
    List<Row> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(CLAIM)) {
      Array skip = c.createArrayOf("varchar", excluded.toArray());
      s.setString(1, instance);
      s.setLong(2, now + leaseMillis);
      s.setLong(3, now);
      s.setArray(4, skip);
      s.setInt(5, n);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  new Claim(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getLong(3),
                      RUNNING.equals(rs.getString(4)),
                      rs.getBoolean(5),
                      rs.getString(7)),
                  rs.getLong(6)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not claim goals", e);
    }
    rows.sort(Comparator.comparingLong(Row::createdAt).thenComparing(r -> r.claim().goalId()));
    return rows.stream().map(Row::claim).toList();
  }

  /**
   * Extends to {@code now + leaseMillis} the leases {@code instance} still holds of {@code fences}
   * (goal id → the fence of its claim); reports the goals it lost and those whose cancel was asked.
   */
  public Renewal renew(String instance, Map<String, Long> fences, long now, long leaseMillis) {
    if (fences.isEmpty()) {
      return new Renewal(Set.of(), Set.of());
    }
    List<String> ids = new ArrayList<>(fences.keySet());
    Long[] values = ids.stream().map(fences::get).toArray(Long[]::new);
    Set<String> held = new HashSet<>();
    Set<String> cancel = new HashSet<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(RENEW)) {
      s.setLong(1, now + leaseMillis);
      s.setArray(2, c.createArrayOf("varchar", ids.toArray()));
      s.setArray(3, c.createArrayOf("bigint", values));
      s.setString(4, instance);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          held.add(rs.getString(1));
          if (rs.getBoolean(2)) {
            cancel.add(rs.getString(1));
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not renew " + ids.size() + " goal lease(s)", e);
    }
    Set<String> lost = new HashSet<>(ids);
    lost.removeAll(held);
    return new Renewal(Set.copyOf(lost), Set.copyOf(cancel));
  }

  /**
   * The goal held with {@code fence} ended: its lease is cleared; its instance stays, naming the
   * instance that ran it. Does nothing (false) when the goal was claimed again since, or has not
   * ended (still queued or running: its lease then runs out and another instance takes it over).
   */
  public boolean release(String goalId, long fence) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE pb_goal SET lease_until = NULL WHERE id = ? AND fence = ?"
                    + " AND status NOT IN ('"
                    + QUEUED
                    + "', '"
                    + RUNNING
                    + "')")) {
      s.setString(1, goalId);
      s.setLong(2, fence);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("could not release goal " + goalId, e);
    }
  }

  /**
   * Gives up the claim of {@code fence} on a goal that did not end (this instance stops, or could
   * not start it): its instance and lease are cleared, so any instance claims it at once. False
   * when the goal was claimed again since.
   */
  public boolean handOver(String goalId, long fence) {
    return clear(goalId, fence, "");
  }

  /**
   * At the start of an instance: the goals a previous process of the same name left claimed are
   * released (that process is gone), so any instance takes them over at once. Returns how many.
   */
  public int releaseAll(String instance) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE pb_goal SET instance = NULL, lease_until = NULL"
                    + " WHERE instance = ? AND status IN (?, ?)")) {
      s.setString(1, instance);
      s.setString(2, QUEUED);
      s.setString(3, RUNNING);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not release the goals of " + instance, e);
    }
  }

  /**
   * Asks the instance running a goal to cancel it (it sees the flag at its next renewal). False
   * when the goal is not queued or running.
   */
  public boolean requestCancel(String goalId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE pb_goal SET cancel_requested = TRUE WHERE id = ? AND status IN (?, ?)")) {
      s.setString(1, goalId);
      s.setString(2, QUEUED);
      s.setString(3, RUNNING);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("could not request the cancel of " + goalId, e);
    }
  }

  /** Queued goals in the cluster, in all and of {@code owner} (null: goals without owner). */
  public QueuedCounts queued(String owner) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE owner IS NOT DISTINCT FROM ?::varchar)"
                    + " FROM pb_goal WHERE status = ?")) {
      s.setString(1, owner);
      s.setString(2, QUEUED);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new QueuedCounts(rs.getLong(1), rs.getLong(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not count queued goals", e);
    }
  }

  private boolean clear(String goalId, long fence, String condition) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE pb_goal SET instance = NULL, lease_until = NULL WHERE id = ? AND fence = ?"
                    + condition)) {
      s.setString(1, goalId);
      s.setLong(2, fence);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("could not release goal " + goalId, e);
    }
  }
}
