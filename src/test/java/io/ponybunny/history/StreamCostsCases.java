package io.ponybunny.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.client.CostRow;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamCosts} on a migrated database (V7's columns): sums per window, day, model, goal and
 * owner, with unpriced streams counted apart. Run on H2 and on PostgreSQL.
 */
abstract class StreamCostsCases {

  static final long D1 = LocalDate.parse("2026-05-01").toEpochDay();
  static final long D2 = D1 + 1;
  static final long D3 = D1 + 2;
  static final long DAY_MS = 86_400_000L;

  private DataSource ds;
  private StreamCosts costs;
  private int ids;

  abstract DataSource database() throws SQLException;

  @BeforeEach
  void records() throws SQLException {
    ds = database();
    costs = new StreamCosts(ds);
    // alice: two priced streams of model a on D1 (one of goal g1), one unpriced of b on D2
    stream("alice", "g1", "a", D1, 100, 10, 40, "0.001000000");
    stream("alice", null, "a", D1, 200, 20, 0, "0.002500000");
    stream("alice", "g1", "b", D2, 50, 5, null, null);
    // bob: one on D2 of model a, one on D3 (out of the window below) and one without usage
    stream("bob", "g2", "a", D2, 1000, 100, null, "0.040000000");
    stream("bob", "g2", "c", D3, 1, 1, null, "9.000000000");
    stream("bob", null, "a", D2, null, null, null, null);
  }

  private void stream(
      String owner,
      String goal,
      String model,
      long day,
      Integer in,
      Integer out,
      Integer cached,
      String cost)
      throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO pb_stream (request_id, goal_id, model, provider, status, content,"
                    + " chunks, input_tokens, output_tokens, cached_input_tokens, tokens_used,"
                    + " cost_usd, owner, started_at) VALUES (?, ?, ?, 'sim', 'completed', '', 1,"
                    + " ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, "req_" + ids++);
      s.setString(2, goal);
      s.setString(3, model);
      setInt(s, 4, in);
      setInt(s, 5, out);
      setInt(s, 6, cached);
      s.setInt(7, (in == null ? 0 : in) + (out == null ? 0 : out));
      if (cost == null) {
        s.setNull(8, Types.NUMERIC);
      } else {
        s.setBigDecimal(8, new BigDecimal(cost));
      }
      s.setString(9, owner);
      s.setLong(10, day * DAY_MS + 3_600_000L * ids);
      s.executeUpdate();
    }
  }

  private static void setInt(PreparedStatement s, int i, Integer v) throws SQLException {
    if (v == null) {
      s.setNull(i, Types.INTEGER);
    } else {
      s.setInt(i, v);
    }
  }

  private static BigDecimal usd(String s) {
    return new BigDecimal(s);
  }

  @Test
  void theWindowsTotalSumsTokensAndPricedCostsAndCountsUnpricedStreamsApart() {
    assertEquals(
        new CostRow(null, null, null, 5, 1350, 135, 40, usd("0.043500000"), 1),
        costs.total(null, D1, D2));
    assertEquals(
        new CostRow(null, null, null, 3, 350, 35, 40, usd("0.003500000"), 1),
        costs.total("alice", D1, D3),
        "one owner's only");
    assertEquals(
        new CostRow(null, null, null, 0, 0, 0, 0, usd("0E-9"), 0), costs.total("carol", D1, D3));
  }

  @Test
  void perDayOldestFirstAndPerModelCostliestFirst() {
    assertEquals(
        List.of(
            new CostRow("2026-05-01", null, null, 2, 300, 30, 40, usd("0.003500000"), 0),
            new CostRow("2026-05-02", null, null, 3, 1050, 105, 0, usd("0.040000000"), 1),
            new CostRow("2026-05-03", null, null, 1, 1, 1, 0, usd("9.000000000"), 0)),
        costs.byDay(null, D1, D3));
    assertEquals(
        List.of(
            new CostRow(null, "c", null, 1, 1, 1, 0, usd("9.000000000"), 0),
            new CostRow(null, "a", null, 4, 1300, 130, 40, usd("0.043500000"), 0),
            new CostRow(null, "b", null, 1, 50, 5, 0, usd("0E-9"), 1)),
        costs.byModel(null, D1, D3, 10));
    assertEquals(1, costs.byModel(null, D1, D3, 1).size(), "at most the limit");
  }

  @Test
  void perModelAndDayForTheModelsAskedFor() {
    assertEquals(
        List.of(
            new CostRow("2026-05-01", "a", null, 2, 300, 30, 40, usd("0.003500000"), 0),
            new CostRow("2026-05-02", "a", null, 2, 1000, 100, 0, usd("0.040000000"), 0)),
        costs.byModelAndDay(null, D1, D3, List.of("a")));
    assertEquals(List.of(), costs.byModelAndDay(null, D1, D3, List.of()));
  }

  @Test
  void perGoalAndOfOneGoalWhateverItsWindow() {
    assertEquals(
        List.of(
            new CostRow(null, null, "g2", 2, 1001, 101, 0, usd("9.040000000"), 0),
            new CostRow(null, null, "g1", 2, 150, 15, 40, usd("0.001000000"), 1)),
        costs.byGoal(null, D1, D3, 10));
    assertEquals(
        new CostRow(null, null, "g1", 2, 150, 15, 40, usd("0.001000000"), 1),
        costs.ofGoal("alice", "g1"));
    assertEquals(
        new CostRow(null, null, "g1", 0, 0, 0, 0, usd("0E-9"), 0),
        costs.ofGoal("bob", "g1"),
        "another owner's goal costs that caller nothing");
  }
}
