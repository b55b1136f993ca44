package io.ponybunny.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ponybunny.client.TimeSeries;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeSeriesRowsTest {

  private static final long FROM = 1_000_000;
  private static final long BUCKET = 60_000;

  @Test
  void rowsBecomeEachModelsBucketsAndEveryBucketsTotals() {
    TimeSeries s =
        TimeSeriesRows.shape(
            "1h",
            FROM,
            FROM + 3_600_000,
            BUCKET,
            List.of(
                // the databases answer with their own number types
                new Object[] {0L, "a", 3L, 1, 100.0, 400.0, 90L, 3000L},
                new Object[] {2, "a", 1L, 0L, 50.0, 50.0, new BigDecimal("10"), 500L},
                new Object[] {2L, "b", 2L, 2L, null, null, 0L, 0L}),
            List.<Object[]>of(new Object[] {"sim", "server_error", 2L}));
    assertEquals(
        List.of("a", "b"), s.models().stream().map(TimeSeries.ModelSeries::model).toList());
    TimeSeries.Point first = s.models().get(0).points().get(0);
    assertEquals(new TimeSeries.Point(FROM, 3, 1, 100.0, 400.0, 30.0), first, "90 tokens in 3 s");
    assertEquals(FROM + 2 * BUCKET, s.models().get(0).points().get(1).t());
    TimeSeries.Point failed = s.models().get(1).points().get(0);
    assertNull(failed.ttftP50Ms(), "no first token: no percentile");
    assertNull(failed.tokensPerSecond(), "no completed stream: no rate");
    assertEquals(
        List.of(new TimeSeries.Total(FROM, 3, 1), new TimeSeries.Total(FROM + 2 * BUCKET, 3, 2)),
        s.totals());
    assertEquals(List.of(new TimeSeries.ErrorCount("sim", "server_error", 2)), s.errors());
  }

  @Test
  void noRowsNoSeries() {
    TimeSeries s = TimeSeriesRows.shape("15m", FROM, FROM + 900_000, 30_000, List.of(), List.of());
    assertEquals(List.of(), s.models());
    assertEquals(List.of(), s.totals());
    assertEquals(List.of(), s.errors());
  }
}
