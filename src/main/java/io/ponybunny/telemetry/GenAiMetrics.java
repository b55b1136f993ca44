package io.ponybunny.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;

/**
 * The GenAI client metrics of LLM calls (semconv 1.41): {@code gen_ai.client.operation.duration},
 * {@code gen_ai.client.token.usage} (by {@code gen_ai.token.type} {@code input} and {@code
 * output}), and for streaming calls {@code gen_ai.client.operation.time_to_first_chunk} and {@code
 * gen_ai.client.operation.time_per_output_chunk}; durations in seconds, with the conventions'
 * bucket boundaries.
 */
final class GenAiMetrics {

  /** The conventions' boundaries for the duration histograms, in seconds. */
  static final List<Double> SECONDS =
      List.of(
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

  /** The conventions' boundaries for the token histogram. */
  static final List<Long> TOKENS =
      List.of(
          1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L,
          16777216L, 67108864L);

  private final DoubleHistogram duration;
  private final LongHistogram tokens;
  private final DoubleHistogram firstChunk;
  private final DoubleHistogram perChunk;

  GenAiMetrics(Meter meter) {
    duration =
        meter
            .histogramBuilder("gen_ai.client.operation.duration")
            .setDescription("GenAI operation duration.")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(SECONDS)
            .build();
    tokens =
        meter
            .histogramBuilder("gen_ai.client.token.usage")
            .ofLongs()
            .setDescription("Number of input and output tokens used.")
            .setUnit("{token}")
            .setExplicitBucketBoundariesAdvice(TOKENS)
            .build();
    firstChunk =
        meter
            .histogramBuilder("gen_ai.client.operation.time_to_first_chunk")
            .setDescription("Time to receive the first chunk of a streaming response.")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(SECONDS)
            .build();
    perChunk =
        meter
            .histogramBuilder("gen_ai.client.operation.time_per_output_chunk")
            .setDescription("Time between consecutive output chunks of a streaming response.")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(SECONDS)
            .build();
  }

  void duration(double seconds, Attributes attributes) {
    duration.record(seconds, attributes);
  }

  /** Records {@code count} tokens of {@code type} ({@code input} or {@code output}). */
  void tokens(String type, long count, Attributes attributes) {
    tokens.record(count, attributes.toBuilder().put(GenAiAttributes.TOKEN_TYPE, type).build());
  }

  void firstChunk(double seconds, Attributes attributes) {
    firstChunk.record(seconds, attributes);
  }

  void nextChunk(double seconds, Attributes attributes) {
    perChunk.record(seconds, attributes);
  }
}
