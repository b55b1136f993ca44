package io.ponybunny.history;

import io.ponybunny.client.TimeSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shapes the rows of {@link StreamHistory#timeSeries}'s two aggregate queries into the charts'
 * series: per model its buckets in time order, per bucket all models' totals, tokens per second as
 * output tokens over the completed streams' summed duration.
 */
final class TimeSeriesRows {

  private TimeSeriesRows() {}

  /**
   * @param rows {bucket index, model, streams, errors, TTFT p50, TTFT p95, output tokens of
   *     completed streams, their summed duration in ms}, ordered by model and bucket
   * @param errorRows {provider, error type, count}, most first
   */
  static TimeSeries shape(
      String range,
      long from,
      long to,
      long bucketMs,
      List<Object[]> rows,
      List<Object[]> errorRows) {
    Map<String, List<TimeSeries.Point>> byModel = new TreeMap<>();
    Map<Long, long[]> totals = new TreeMap<>();
    for (Object[] r : rows) {
      long t = from + longOf(r[0]) * bucketMs;
      long streams = longOf(r[2]);
      long errors = longOf(r[3]);
      double tokens = r[6] == null ? 0 : ((Number) r[6]).doubleValue();
      double ms = r[7] == null ? 0 : ((Number) r[7]).doubleValue();
      byModel
          .computeIfAbsent(String.valueOf(r[1]), m -> new ArrayList<>())
          .add(
              new TimeSeries.Point(
                  t,
                  streams,
                  errors,
                  doubleOrNull(r[4]),
                  doubleOrNull(r[5]),
                  ms > 0 ? tokens * 1000.0 / ms : null));
      long[] total = totals.computeIfAbsent(t, k -> new long[2]);
      total[0] += streams;
      total[1] += errors;
    }
    return new TimeSeries(
        range,
        from,
        to,
        bucketMs,
        byModel.entrySet().stream()
            .map(e -> new TimeSeries.ModelSeries(e.getKey(), List.copyOf(e.getValue())))
            .toList(),
        errorRows.stream()
            .map(
                r ->
                    new TimeSeries.ErrorCount(
                        String.valueOf(r[0]), String.valueOf(r[1]), longOf(r[2])))
            .toList(),
        totals.entrySet().stream()
            .map(e -> new TimeSeries.Total(e.getKey(), e.getValue()[0], e.getValue()[1]))
            .toList());
  }

  private static long longOf(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }

  private static Double doubleOrNull(Object value) {
    return value instanceof Number n ? n.doubleValue() : null;
  }
}
