package io.ponybunny.llm.call;

import static io.ponybunny.llm.call.FakeProvider.route;
import static io.ponybunny.llm.call.FakeProvider.silent;
import static io.ponybunny.llm.call.FakeProvider.status;
import static io.ponybunny.llm.call.FakeProvider.stream;
import static io.ponybunny.llm.call.FakeProvider.streamOf;
import static io.ponybunny.llm.call.FakeProvider.whole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.routing.Backoff;
import io.ponybunny.llm.routing.CircuitBreaker;
import io.ponybunny.llm.routing.Route;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cancelling a call at every phase: before its request is sent, while it waits for headers, after
 * headers before text, during the backoff between attempts, mid-stream after chunks and during the
 * non-streaming fallback. A streaming call then ends with exactly one {@code llm.stream.end} with
 * finish reason {@code cancelled} and the text sent so far, and nothing is tried again; a
 * non-streaming call fails with a {@code cancelled} error.
 */
class CallCancelTest {

  private static final CallLimits LIMITS = CallLimits.defaults();
  private static final List<Route> ROUTES = List.of(route("a", 2), route("b"));

  /**
   * A phase to cancel in: how the provider is scripted to cancel there, the text left, the requests
   * sent, and whether an attempt failed before the cancel.
   */
  record Phase(
      String name, Consumer<FakeProvider> script, String text, long requests, boolean failsFirst) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Phase> phases() {
    return Stream.of(
        new Phase("before the request is sent", p -> {}, "", 0, false),
        new Phase("while waiting for headers", p -> p.script("a", silent(p::cancel)), "", 1, false),
        new Phase(
            "after headers, before text",
            p -> p.script("a", stream().ping().then(p::cancel).text("never")),
            "",
            1,
            false),
        new Phase(
            "during the backoff between attempts",
            p -> {
              p.script("a", status(503, "{}"));
              p.duringPause = p::cancel;
            },
            "",
            1,
            true),
        new Phase(
            "mid-stream after chunks",
            p -> p.script("a", stream().text("Hel", "lo").then(p::cancel).text(" never").done()),
            "Hello",
            1,
            false),
        new Phase(
            "during the non-streaming fallback",
            p ->
                p.script(
                        "a",
                        stream().reset(),
                        stream().reset(),
                        stream().reset(),
                        silent(p::cancel))
                    .script("b", status(503, "{}")),
            "",
            5,
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("phases")
  void aCancelledStreamEndsOnceWithFinishReasonCancelledAndTheTextSoFar(Phase phase) {
    FakeProvider p = new FakeProvider(10);
    phase.script().accept(p);
    List<LlmResponse> completed = new ArrayList<>();
    List<ProviderException> failed = new ArrayList<>();
    LlmCompletionOptions options =
        LlmCompletionOptions.builder().stream(true)
            .onComplete(completed::add)
            .onError(failed::add)
            .build();
    LlmCall call = p.newCall();
    if (phase.requests() == 0) {
      call.cancel();
    }
    p.run(call, ROUTES, options, LIMITS, Backoff.DEFAULT);

    LlmResponse r = call.await();
    assertEquals(FinishReason.CANCELLED, r.finishReason());
    assertEquals(phase.text(), r.text());
    assertEquals(List.of(r), completed);
    assertEquals(List.of(), failed);

    List<ChannelEvent> events = List.copyOf(p.events);
    List<ChannelEvent> terminal = events.stream().filter(ChannelEvent::terminal).toList();
    assertEquals(1, terminal.size(), p.eventNames().toString());
    StreamEvent.End end = (StreamEvent.End) terminal.get(0);
    assertEquals(events.get(events.size() - 1), end, "the end is the last event");
    assertEquals("cancelled", end.finishReason());
    assertEquals(
        end.totalChunks(), events.stream().filter(StreamEvent.Chunk.class::isInstance).count());
    assertEquals(
        phase.text(),
        events.stream()
            .filter(StreamEvent.Chunk.class::isInstance)
            .map(e -> ((StreamEvent.Chunk) e).chunk())
            .reduce("", String::concat),
        "the chunks sent are the text kept");
    assertEquals(phase.requests(), p.requests.size(), "nothing is tried after the cancel");
  }

  static Stream<Phase> phasesWithoutEarlierFailures() {
    return phases().filter(phase -> !phase.failsFirst());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("phasesWithoutEarlierFailures")
  void aCancelledAttemptNeverCountsAgainstTheCircuit(Phase phase) {
    FakeProvider p = new FakeProvider(1);
    phase.script().accept(p);
    LlmCall call = p.newCall();
    if (phase.requests() == 0) {
      call.cancel();
    }
    p.run(call, ROUTES, FakeProvider.streaming(), LIMITS, Backoff.DEFAULT);
    assertEquals(FinishReason.CANCELLED, call.await().finishReason());
    assertEquals(CircuitBreaker.State.CLOSED, p.circuits.forEndpoint("a").state());
    assertTrue(p.circuits.forEndpoint("a").tryAcquire());
  }

  @Test
  void cancellingWhileWaitingForHeadersAbandonsThePendingRequest() {
    FakeProvider p = new FakeProvider();
    CompletableFuture<Response> pending = new CompletableFuture<>();
    p.script(
        "a",
        call -> {
          p.cancel();
          return pending;
        });
    p.run(List.of(route("a")), FakeProvider.streaming(), LIMITS).await();
    assertTrue(pending.isCancelled());
  }

  // ---- without streaming ------------------------------------------------------------------------

  static Stream<Phase> nonStreamingPhases() {
    return Stream.of(
        new Phase("before the request is sent", p -> {}, null, 0, false),
        new Phase(
            "while waiting for the answer", p -> p.script("a", silent(p::cancel)), null, 1, false),
        new Phase(
            "during the backoff between attempts",
            p -> {
              p.script("a", status(503, "{}"));
              p.duringPause = p::cancel;
            },
            null,
            1,
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nonStreamingPhases")
  void aCancelledNonStreamingCallFailsAsCancelledWithoutFurtherTries(Phase phase) {
    FakeProvider p = new FakeProvider(10);
    phase.script().accept(p);
    p.script("a", whole("never")).script("b", whole("never"));
    LlmCall call = p.newCall();
    if (phase.requests() == 0) {
      call.cancel();
    }
    p.run(call, ROUTES, FakeProvider.notStreaming(), LIMITS, Backoff.DEFAULT);
    ProviderException e = assertThrows(ProviderException.class, call::await);
    assertEquals("cancelled", e.errorType());
    assertFalse(e.retryable());
    assertEquals(phase.requests(), p.requests.size());
    assertEquals(List.of(), p.events, "a non-streaming call has no stream events");
  }

  // ---- across threads ---------------------------------------------------------------------------

  @Test
  void aCancelFromAnotherThreadEndsACallWaitingForHeaders() throws Exception {
    FakeProvider p = new FakeProvider();
    CountDownLatch sent = new CountDownLatch(1);
    CompletableFuture<Response> pending = new CompletableFuture<>();
    p.script(
        "a",
        call -> {
          sent.countDown();
          return pending;
        });
    LlmCall call = p.newCall();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> running =
          thread.submit(
              () ->
                  p.run(
                      call,
                      List.of(route("a")),
                      FakeProvider.streaming(),
                      LIMITS,
                      Backoff.DEFAULT));
      assertTrue(sent.await(10, TimeUnit.SECONDS));
      call.cancel();
      running.get(10, TimeUnit.SECONDS);
    } finally {
      thread.shutdownNow();
    }
    assertEquals(FinishReason.CANCELLED, call.await().finishReason());
    assertTrue(pending.isCancelled());
    assertEquals(List.of("llm.stream.start", "llm.stream.end"), p.eventNames());
  }

  @Test
  void aCancelCutsARealBackoffPauseShort() throws Exception {
    LlmCall call = new FakeProvider().newCall();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch pausing = new CountDownLatch(1);
      Future<Boolean> paused =
          thread.submit(
              () -> {
                pausing.countDown();
                return call.pause(Duration.ofMinutes(10));
              });
      assertTrue(pausing.await(10, TimeUnit.SECONDS));
      call.cancel();
      assertFalse(paused.get(10, TimeUnit.SECONDS), "the pause ended early, reporting the cancel");
      assertFalse(call.pause(Duration.ofMinutes(10)), "a cancelled call does not pause at all");
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void anUncancelledPauseReportsThatItsDelayPassed() {
    LlmCall call = new FakeProvider().newCall();
    assertTrue(call.pause(Duration.ZERO));
    assertTrue(call.pause(Duration.ofMillis(1)));
  }

  @Test
  void aCallCancelledAfterItEndedKeepsItsResult() {
    FakeProvider p = new FakeProvider();
    p.script("a", streamOf("done"));
    LlmCall call = p.run(List.of(route("a")), FakeProvider.streaming(), LIMITS);
    call.cancel();
    assertEquals("done", call.await().text());
    assertEquals(FinishReason.STOP, call.await().finishReason());
    assertEquals(1, p.events.stream().filter(ChannelEvent::terminal).count());
  }
}
