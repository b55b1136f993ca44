package io.ponybunny.telemetry;

import static io.ponybunny.telemetry.GenAiAttributesTest.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.ponybunny.event.StreamOrigin;
import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.call.CallObserver;
import io.ponybunny.llm.call.CallObserver.CallStart;
import io.ponybunny.llm.routing.Route;
import io.ponybunny.testing.RecordingTelemetry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CallTelemetry} on a recording SDK with a fake clock: one CLIENT span per call under the
 * caller's span, current where the call runs, describing the route that served it, and the GenAI
 * client metrics.
 */
class CallTelemetryTest {

  private static final Route OPENAI =
      route("openai", "openai", "https://api.openai.com/v1", "gpt-4o-mini");
  private static final Route ANTHROPIC =
      route("anthropic", "anthropic", "https://api.anthropic.com", "claude-haiku-4-5");
  private static final long SECOND = 1_000_000_000L;

  private final RecordingTelemetry otel = new RecordingTelemetry();
  private final AtomicLong clock = new AtomicLong(5 * SECOND);
  private final ExecutorService streamExecutor = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    streamExecutor.shutdownNow();
  }

  private CallTelemetry telemetry(boolean captureContent) {
    return new CallTelemetry(otel, captureContent, clock::get);
  }

  private static CallStart call(List<Route> routes) {
    return new CallStart(
        "req_1",
        "fast",
        routes,
        List.of(ChatMessage.user("Say hello")),
        LlmCompletionOptions.builder().stream(true)
            .origin(new StreamOrigin("g1", "w1", "r1"))
            .maxTokens(64)
            .build());
  }

  private static LlmResponse answer(String text, int in, int out) {
    return new LlmResponse(
        text, null, List.of(), new TokenUsage(in, out), FinishReason.STOP, "stop", null);
  }

  private void advance(double seconds) {
    clock.addAndGet((long) (seconds * SECOND));
  }

  @Test
  void aCallIsAClientSpanUnderTheCallersSpanAndCurrentWhereTheCallRuns() throws Exception {
    Span request = otel.getTracer("test").spanBuilder("POST /api/completions").startSpan();
    CallObserver.Watch watch;
    try (Scope ignored = request.makeCurrent()) {
      watch = telemetry(false).start(call(List.of(OPENAI)));
    }
    CompletableFuture<Span> seen = new CompletableFuture<>();
    streamExecutor
        .submit(watch.around(() -> seen.complete(Span.current())))
        .get(5, TimeUnit.SECONDS);
    watch.attempt(OPENAI);
    advance(0.4);
    watch.chunk();
    advance(0.1);
    watch.end(answer("Hello!", 9, 2), null);
    request.end();

    SpanData span = otel.span("chat gpt-4o-mini");
    assertEquals(span.getSpanId(), seen.get().getSpanContext().getSpanId(), "current there");
    assertEquals(SpanKind.CLIENT, span.getKind());
    assertEquals(request.getSpanContext().getTraceId(), span.getTraceId());
    assertEquals(request.getSpanContext().getSpanId(), span.getParentSpanId());
    Attributes a = span.getAttributes();
    assertEquals("chat", a.get(GenAiAttributes.OPERATION_NAME));
    assertEquals("openai", a.get(GenAiAttributes.PROVIDER_NAME));
    assertEquals("gpt-4o-mini", a.get(GenAiAttributes.REQUEST_MODEL));
    assertEquals("api.openai.com", a.get(GenAiAttributes.SERVER_ADDRESS));
    assertEquals(443L, a.get(GenAiAttributes.SERVER_PORT));
    assertEquals("req_1", a.get(GenAiAttributes.REQUEST_ID));
    assertEquals("g1", a.get(GenAiAttributes.GOAL_ID));
    assertEquals(64L, a.get(GenAiAttributes.REQUEST_MAX_TOKENS));
    assertEquals(List.of("stop"), a.get(GenAiAttributes.RESPONSE_FINISH_REASONS));
    assertEquals(9L, a.get(GenAiAttributes.USAGE_INPUT_TOKENS));
    assertEquals(2L, a.get(GenAiAttributes.USAGE_OUTPUT_TOKENS));
    assertEquals(0.4, a.get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK), 1e-9);
    assertEquals(1L, a.get(GenAiAttributes.ATTEMPTS));
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    assertNull(a.get(GenAiAttributes.INPUT_MESSAGES), "no content unless opted in");
    assertNull(a.get(GenAiAttributes.OUTPUT_MESSAGES));
    assertTrue(span.getEvents().isEmpty(), "one attempt: no attempt events");
  }

  @Test
  void aFallbackNamesTheRouteThatServedAndEveryLaterAttemptIsAnEvent() {
    CallObserver.Watch watch = telemetry(false).start(call(List.of(OPENAI, ANTHROPIC)));
    watch.attempt(OPENAI);
    watch.attempt(OPENAI); // a retry
    watch.attempt(ANTHROPIC); // the fallback that answers
    watch.end(answer("Hi", 5, 1), null);

    SpanData span = otel.span("chat claude-haiku-4-5");
    assertEquals("anthropic", span.getAttributes().get(GenAiAttributes.PROVIDER_NAME));
    assertEquals("claude-haiku-4-5", span.getAttributes().get(GenAiAttributes.REQUEST_MODEL));
    assertEquals("api.anthropic.com", span.getAttributes().get(GenAiAttributes.SERVER_ADDRESS));
    assertEquals(3L, span.getAttributes().get(GenAiAttributes.ATTEMPTS));
    List<EventData> events = span.getEvents();
    assertEquals(2, events.size());
    assertEquals("ponybunny.attempt", events.get(0).getName());
    assertEquals("openai", events.get(0).getAttributes().get(GenAiAttributes.ENDPOINT));
    assertEquals("anthropic", events.get(1).getAttributes().get(GenAiAttributes.ENDPOINT));
    HistogramPointData duration = onlyPoint("gen_ai.client.operation.duration");
    assertEquals("anthropic", duration.getAttributes().get(GenAiAttributes.PROVIDER_NAME));
  }

  @Test
  void aFailedCallIsAnErrorSpanAndItsDurationCarriesTheErrorType() {
    CallObserver.Watch watch = telemetry(false).start(call(List.of(OPENAI)));
    watch.attempt(OPENAI);
    advance(2);
    watch.end(
        null, new RetryableProviderException("openai", 429, "rate_limit", "slow down", null, null));

    SpanData span = otel.span("chat gpt-4o-mini");
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    assertEquals("slow down", span.getStatus().getDescription());
    assertEquals("rate_limit", span.getAttributes().get(GenAiAttributes.ERROR_TYPE));
    HistogramPointData duration = onlyPoint("gen_ai.client.operation.duration");
    assertEquals(2.0, duration.getSum(), 1e-9);
    assertEquals("rate_limit", duration.getAttributes().get(GenAiAttributes.ERROR_TYPE));
    assertTrue(otel.metric("gen_ai.client.token.usage").isEmpty(), "no usage without an answer");
    assertTrue(otel.metric("gen_ai.client.operation.time_to_first_chunk").isEmpty());
  }

  @Test
  void metricsRecordDurationTokensByTypeAndTheTimesOfChunks() {
    CallObserver.Watch watch = telemetry(false).start(call(List.of(OPENAI)));
    watch.attempt(OPENAI);
    advance(0.5);
    watch.chunk();
    advance(0.1);
    watch.chunk();
    advance(0.2);
    watch.chunk();
    advance(0.2);
    watch.end(answer("a b c", 20, 3), null);
    watch.end(answer("a b c", 20, 3), null); // ends once

    HistogramPointData duration = onlyPoint("gen_ai.client.operation.duration");
    assertEquals(1, duration.getCount());
    assertEquals(1.0, duration.getSum(), 1e-9);
    assertEquals(
        GenAiAttributes.metric(OPENAI, null), duration.getAttributes(), "no ids on metrics");
    HistogramPointData first = onlyPoint("gen_ai.client.operation.time_to_first_chunk");
    assertEquals(1, first.getCount());
    assertEquals(0.5, first.getSum(), 1e-9);
    HistogramPointData perChunk = onlyPoint("gen_ai.client.operation.time_per_output_chunk");
    assertEquals(2, perChunk.getCount(), "every chunk after the first");
    assertEquals(0.3, perChunk.getSum(), 1e-9);
    List<HistogramPointData> tokens = points("gen_ai.client.token.usage");
    assertEquals(2, tokens.size());
    for (HistogramPointData p : tokens) {
      String type = p.getAttributes().get(GenAiAttributes.TOKEN_TYPE);
      assertEquals("input".equals(type) ? 20.0 : 3.0, p.getSum(), 1e-9, type);
    }
    assertEquals(1, otel.spans().size());
    assertEquals(
        "{token}", otel.metric("gen_ai.client.token.usage").orElseThrow().getUnit(), "unit");
    assertEquals(
        "s", otel.metric("gen_ai.client.operation.duration").orElseThrow().getUnit(), "unit");
  }

  @Test
  void promptsAndAnswersAreRecordedOnlyWhenTheOperatorOptsIn() {
    CallObserver.Watch watch = telemetry(true).start(call(List.of(OPENAI)));
    watch.attempt(OPENAI);
    watch.end(answer("Hello!", 9, 2), null);
    Attributes a = otel.span("chat gpt-4o-mini").getAttributes();
    assertNotNull(a.get(GenAiAttributes.INPUT_MESSAGES));
    assertTrue(a.get(GenAiAttributes.INPUT_MESSAGES).contains("Say hello"));
    assertTrue(a.get(GenAiAttributes.OUTPUT_MESSAGES).contains("Hello!"));
    assertFalse(a.get(GenAiAttributes.OUTPUT_MESSAGES).contains("Say hello"));
  }

  private List<HistogramPointData> points(String metric) {
    return List.copyOf(
        otel.metric(metric)
            .orElseThrow(() -> new AssertionError("no " + metric))
            .getHistogramData()
            .getPoints());
  }

  private HistogramPointData onlyPoint(String metric) {
    List<HistogramPointData> points = points(metric);
    assertEquals(1, points.size(), metric + ": " + points);
    return points.get(0);
  }
}
