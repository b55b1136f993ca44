package io.ponybunny.history;

import io.ponybunny.client.CostRow;
import io.ponybunny.cost.Usd;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Usage and cost summed over stream records ({@code pb_stream}), in the database: over the streams
 * started in a window of UTC days (epoch days, both ends included) of one owner (null: everyone's),
 * in all, per day, per model, per model and day, per goal, or of one goal. Plain JDBC and portable
 * SQL (H2 and PostgreSQL); a database error is thrown as {@link IllegalStateException}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class StreamCosts {

  private static final long DAY_MS = 86_400_000L;

  /** The last epoch day whose end still fits in epoch ms: a window to it holds every stream. */
  private static final long LAST_DAY = Long.MAX_VALUE / DAY_MS - 1;

  /** The UTC day a stream started on, as an epoch day (started_at is epoch ms, never negative). */
  private static final String START_DAY = "started_at / " + DAY_MS;

  private static final String SUMS =
      "COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0),"
          + " COALESCE(SUM(cached_input_tokens), 0), COALESCE(SUM(cost_usd), 0),"
          + " COALESCE(SUM(CASE WHEN cost_usd IS NULL"
          + " AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL) THEN 1 ELSE 0 END), 0)";

  private static final String COSTLIEST =
      "COALESCE(SUM(cost_usd), 0) DESC, COALESCE(SUM(tokens_used), 0) DESC";

  @Resource(lookup = "jdbc/ponybunny")
  DataSource dataSource;

  /** For CDI. */
  public StreamCosts() {}

  /** On {@code dataSource} (tests). */
  public StreamCosts(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The streams of a window in all. */
  public CostRow total(String owner, long fromDay, long toDay) {
    List<CostRow> rows =
        query(Group.NONE, new Window(owner, fromDay, toDay), "", List.of(), null, 1);
    return rows.isEmpty() ? empty() : rows.get(0);
  }

  /** Per UTC day of the window, oldest first (days without streams are left out). */
  public List<CostRow> byDay(String owner, long fromDay, long toDay) {
    return query(Group.DAY, new Window(owner, fromDay, toDay), "", List.of(), "1", 0);
  }

  /** Per model, costliest first (then most tokens), at most {@code limit}. */
  public List<CostRow> byModel(String owner, long fromDay, long toDay, int limit) {
    return query(
        Group.MODEL, new Window(owner, fromDay, toDay), "", List.of(), COSTLIEST + ", 1", limit);
  }

  /** Per model and day for {@code models} only, oldest day first. */
  public List<CostRow> byModelAndDay(String owner, long fromDay, long toDay, List<String> models) {
    if (models.isEmpty()) {
      return List.of();
    }
    String in = " AND model IN (" + String.join(", ", models.stream().map(m -> "?").toList()) + ")";
    return query(Group.MODEL_AND_DAY, new Window(owner, fromDay, toDay), in, models, "2, 1", 0);
  }

  /** Per goal (streams of no goal left out), costliest first, at most {@code limit}. */
  public List<CostRow> byGoal(String owner, long fromDay, long toDay, int limit) {
    return query(
        Group.GOAL,
        new Window(owner, fromDay, toDay),
        " AND goal_id IS NOT NULL",
        List.of(),
        COSTLIEST + ", 1",
        limit);
  }

  /** All the streams of goal {@code goalId} of {@code owner} (null: anyone's), whenever started. */
  public CostRow ofGoal(String owner, String goalId) {
    List<CostRow> rows =
        query(
            Group.GOAL,
            new Window(owner, 0, LAST_DAY),
            " AND goal_id = ?",
            List.of(goalId),
            null,
            1);
    return rows.isEmpty() ? new CostRow(null, null, goalId, 0, 0, 0, 0, zero(), 0) : rows.get(0);
  }

  /** The streams asked for: of an owner, started in a window of UTC days. */
  private record Window(String owner, long fromDay, long toDay) {}

  /** What rows group by. */
  private enum Group {
    NONE(""),
    DAY(START_DAY),
    MODEL("model"),
    MODEL_AND_DAY(START_DAY + ", model"),
    GOAL("goal_id");

    final String columns;

    Group(String columns) {
      this.columns = columns;
    }
  }

  private List<CostRow> query(
      Group group, Window w, String filter, List<String> values, String order, int limit) {
    StringBuilder sql = new StringBuilder("SELECT ");
    if (!group.columns.isEmpty()) {
      sql.append(group.columns).append(", ");
    }
    sql.append(SUMS).append(" FROM pb_stream WHERE started_at >= ? AND started_at < ?");
    if (w.owner() != null) {
      sql.append(" AND owner = ?");
    }
    sql.append(filter);
    if (!group.columns.isEmpty()) {
      sql.append(" GROUP BY ").append(group.columns);
    }
    if (order != null) {
      sql.append(" ORDER BY ").append(order);
    }
    if (limit > 0) {
      sql.append(" LIMIT ").append(limit);
    }
    List<CostRow> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql.toString())) {
      int i = 1;
      s.setLong(i++, w.fromDay() * DAY_MS);
      s.setLong(i++, (w.toDay() + 1) * DAY_MS);
      if (w.owner() != null) {
        s.setString(i++, w.owner());
      }
      for (String v : values) {
        s.setString(i++, v);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(row(group, rs));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not sum stream costs", e);
    }
    return rows;
  }

  private static CostRow row(Group group, ResultSet rs) throws SQLException {
    String day = null;
    String model = null;
    String goal = null;
    int at = 1;
    switch (group) {
      case DAY -> day = day(rs.getLong(at++));
      case MODEL -> model = rs.getString(at++);
      case MODEL_AND_DAY -> {
        day = day(rs.getLong(at++));
        model = rs.getString(at++);
      }
      case GOAL -> goal = rs.getString(at++);
      case NONE -> {
        // the window in all
      }
    }
    return new CostRow(
        day,
        model,
        goal,
        rs.getLong(at),
        rs.getLong(at + 1),
        rs.getLong(at + 2),
        rs.getLong(at + 3),
        usd(rs.getBigDecimal(at + 4)),
        rs.getLong(at + 5));
  }

  private static String day(long epochDay) {
    return LocalDate.ofEpochDay(epochDay).toString();
  }

  private static BigDecimal usd(BigDecimal sum) {
    return sum == null ? zero() : sum.setScale(Usd.SCALE, RoundingMode.HALF_UP);
  }

  private static BigDecimal zero() {
    return Usd.ofNanos(0);
  }

  private static CostRow empty() {
    return new CostRow(null, null, null, 0, 0, 0, 0, zero(), 0);
  }
}
