package io.ponybunny.testing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * An OpenTelemetry SDK for unit tests that keeps what it records: every span as it ends, and the
 * metrics (cumulative) whenever they are read. No exporter, no thread.
 */
public final class RecordingTelemetry implements OpenTelemetry {

  private final List<SpanData> spans = new ArrayList<>();
  private final SdkTracerProvider tracers;
  private final SdkMeterProvider meters;
  private volatile CollectionRegistration registration = CollectionRegistration.noop();

  public RecordingTelemetry() {
    tracers =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                SimpleSpanProcessor.create(
                    new SpanExporter() {
                      @Override
                      public CompletableResultCode export(Collection<SpanData> ended) {
                        synchronized (spans) {
                          spans.addAll(ended);
                        }
                        return CompletableResultCode.ofSuccess();
                      }

                      @Override
                      public CompletableResultCode flush() {
                        return CompletableResultCode.ofSuccess();
                      }

                      @Override
                      public CompletableResultCode shutdown() {
                        return CompletableResultCode.ofSuccess();
                      }
                    }))
            .build();
    meters =
        SdkMeterProvider.builder()
            .registerMetricReader(
                new MetricReader() {
                  @Override
                  public void register(CollectionRegistration r) {
                    registration = r;
                  }

                  @Override
                  public AggregationTemporality getAggregationTemporality(InstrumentType type) {
                    return AggregationTemporality.CUMULATIVE;
                  }

                  @Override
                  public CompletableResultCode forceFlush() {
                    return CompletableResultCode.ofSuccess();
                  }

                  @Override
                  public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                  }
                })
            .build();
  }

  @Override
  public TracerProvider getTracerProvider() {
    return tracers;
  }

  @Override
  public MeterProvider getMeterProvider() {
    return meters;
  }

  @Override
  public ContextPropagators getPropagators() {
    return ContextPropagators.noop();
  }

  /** The spans ended so far, in the order they ended. */
  public List<SpanData> spans() {
    synchronized (spans) {
      return List.copyOf(spans);
    }
  }

  /** The one ended span named {@code name}; fails when there is none or several. */
  public SpanData span(String name) {
    List<SpanData> named = spans().stream().filter(s -> s.getName().equals(name)).toList();
    if (named.size() != 1) {
      throw new AssertionError("expected one span '" + name + "', got " + spans());
    }
    return named.get(0);
  }

  /** The metrics recorded so far (cumulative). */
  public Collection<MetricData> metrics() {
    return registration.collectAllMetrics();
  }

  /** The metric named {@code name}, if anything was recorded on it. */
  public Optional<MetricData> metric(String name) {
    return metrics().stream().filter(m -> m.getName().equals(name)).findFirst();
  }
}
