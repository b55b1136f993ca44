package io.ponybunny.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.call.CallObserver;
import io.ponybunny.llm.routing.Route;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One call's span and measurements ({@link CallTelemetry}): the route of its latest attempt, the
 * time of its first and latest text chunk; ends the span once, with the outcome's attributes, and
 * records the call's duration and token usage.
 */
final class CallSpan implements CallObserver.Watch {

  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final Span span;
  private final Context context;
  private final Route first;
  private final GenAiMetrics metrics;
  private final boolean captureContent;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Route route;
  private volatile Attributes routeMetric;
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile boolean chunked;
  private volatile long firstChunkNanos;
  private volatile long lastChunkNanos;

  CallSpan(
      Span span,
      Context context,
      Route first,
      GenAiMetrics metrics,
      boolean captureContent,
      LongSupplier nanoTime) {
    this.span = span;
    this.context = context;
    this.first = first;
    this.metrics = metrics;
    this.captureContent = captureContent;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
    this.route = first;
    this.routeMetric = GenAiAttributes.metric(first, null);
  }

  @Override
  public Runnable around(Runnable work) {
    return () -> {
      try (Scope ignored = context.makeCurrent()) {
        work.run();
      }
    };
  }

  @Override
  public void attempt(Route next) {
    int n = attempts.incrementAndGet();
    if (n > 1) {
      span.addEvent(
          "ponybunny.attempt",
          Attributes.of(
              GenAiAttributes.ENDPOINT,
              next.endpoint().id(),
              GenAiAttributes.REQUEST_MODEL,
              next.model(),
              GenAiAttributes.ATTEMPTS,
              (long) n));
    }
    if (!next.equals(route)) {
      route = next;
      routeMetric = GenAiAttributes.metric(next, null);
    }
  }

  @Override
  public void chunk() {
    long now = nanoTime.getAsLong();
    if (!chunked) {
      chunked = true;
      firstChunkNanos = now;
      metrics.firstChunk(seconds(now - startNanos), routeMetric);
    } else {
      metrics.nextChunk(seconds(now - lastChunkNanos), routeMetric);
    }
    lastChunkNanos = now;
  }

  @Override
  public void end(LlmResponse response, Throwable error) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    long now = nanoTime.getAsLong();
    Route served = route;
    if (!served.equals(first)) {
      span.updateName(GenAiAttributes.spanName(served.model()));
      span.setAllAttributes(GenAiAttributes.route(served));
    }
    span.setAttribute(GenAiAttributes.ATTEMPTS, (long) attempts.get());
    Attributes outcome = GenAiAttributes.outcome(response, error);
    span.setAllAttributes(outcome);
    if (chunked) {
      span.setAttribute(
          GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, seconds(firstChunkNanos - startNanos));
    }
    String errorType = outcome.get(GenAiAttributes.ERROR_TYPE);
    if (errorType != null) {
      span.setStatus(StatusCode.ERROR, description(error, errorType));
    }
    if (captureContent && response != null && span.isRecording()) {
      span.setAttribute(GenAiAttributes.OUTPUT_MESSAGES, GenAiMessages.output(response));
    }
    metrics.duration(seconds(now - startNanos), GenAiAttributes.metric(served, errorType));
    if (response != null) {
      TokenUsage usage = response.usage();
      Attributes tokens = GenAiAttributes.metric(served, null);
      if (usage.inputTokens() != null) {
        metrics.tokens("input", usage.inputTokens(), tokens);
      }
      if (usage.outputTokens() != null) {
        metrics.tokens("output", usage.outputTokens(), tokens);
      }
    }
    span.end();
  }

  /**
   * A provider failure's message (redacted of anything key-like when it was made), else the
   * failure's type.
   */
  private static String description(Throwable error, String errorType) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    String message = e instanceof ProviderException ? e.getMessage() : null;
    return message == null || message.isBlank() ? errorType : message;
  }

  private static double seconds(long nanos) {
    return nanos / NANOS_PER_SECOND;
  }
}
