package io.ponybunny.client;

import java.util.List;

/**
 * The console's charts over a time range ({@code GET /api/metrics/timeseries}): streams started in
 * {@code [from, to)} grouped in buckets of {@code bucketMs} by their start; only buckets with
 * streams are listed.
 *
 * @param range the range asked for ({@code 15m}, {@code 1h}, {@code 6h}, {@code 24h}, {@code 7d})
 * @param models per model, its buckets in time order
 * @param errors failed streams over the range by provider and error type, most first
 * @param totals per bucket, every model's streams and errors together
 */
public record TimeSeries(
    String range,
    long from,
    long to,
    long bucketMs,
    List<ModelSeries> models,
    List<ErrorCount> errors,
    List<Total> totals) {

  /** One model's buckets. */
  public record ModelSeries(String model, List<Point> points) {}

  /**
   * One bucket of one model: streams started, how many failed, TTFT percentiles of those with a
   * first token, and output tokens per second over the completed ones (null: none).
   */
  public record Point(
      long t,
      long streams,
      long errors,
      Double ttftP50Ms,
      Double ttftP95Ms,
      Double tokensPerSecond) {}

  /** Failed streams of one provider and error type ({@code unknown} when not recorded). */
  public record ErrorCount(String provider, String type, long count) {}

  /** One bucket over all models. */
  public record Total(long t, long streams, long errors) {}
}
