package io.ponybunny.llm.call;

import static io.ponybunny.llm.call.FakeProvider.notStreaming;
import static io.ponybunny.llm.call.FakeProvider.route;
import static io.ponybunny.llm.call.FakeProvider.silent;
import static io.ponybunny.llm.call.FakeProvider.status;
import static io.ponybunny.llm.call.FakeProvider.streamOf;
import static io.ponybunny.llm.call.FakeProvider.streaming;
import static io.ponybunny.llm.call.FakeProvider.whole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.routing.CircuitBreaker;
import io.ponybunny.llm.routing.CircuitBreaker.State;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An endpoint's circuit as calls see it: closed until three consecutive counted failures, open (the
 * endpoint is skipped) for 30 s on the fake clock, then half-open for one trial call whose success
 * closes it and whose failure opens it again. Answers that are not the endpoint's fault (4xx,
 * cancels) never count, and release a trial.
 */
class CallCircuitTest {

  private static final CallLimits LIMITS = CallLimits.defaults();
  private static final String OPEN_THREE_TIMES = "503=closed 503=closed 503=open";

  /**
   * A history of calls to endpoint {@code a} and the circuit's state after each: {@code
   * <step>=<state>}, where a step is a status the endpoint answers ({@code ok} for a stream),
   * {@code cancel} (the call is cancelled while waiting), {@code skip} (a call finds the circuit
   * open and sends nothing) or {@code +<n>s} (time passes).
   */
  record History(String name, String steps) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<History> histories() {
    return Stream.of(
        new History("closed until the threshold, then open", OPEN_THREE_TIMES),
        new History(
            "only consecutive failures count",
            "503=closed 503=closed ok=closed 503=closed 503=closed 503=open"),
        new History(
            "the caller's faults never count",
            "400=closed 401=closed 403=closed 404=closed 422=closed cancel=closed"),
        new History("an open circuit is skipped", OPEN_THREE_TIMES + " skip=open skip=open"),
        new History(
            "open until the open time passed, then half-open",
            OPEN_THREE_TIMES + " +29s=open skip=open +1s=half-open"),
        new History("a successful trial closes it", OPEN_THREE_TIMES + " +30s=half-open ok=closed"),
        new History(
            "a failed trial opens it again for the full open time",
            OPEN_THREE_TIMES + " +30s=half-open 503=open +29s=open skip=open +1s=half-open"),
        new History(
            "a trial the endpoint is not to blame for leaves it half-open",
            OPEN_THREE_TIMES + " +30s=half-open 401=half-open cancel=half-open ok=closed"),
        new History(
            "after closing, the threshold applies again",
            OPEN_THREE_TIMES + " +30s=half-open ok=closed 503=closed 503=closed 503=open"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void theCircuitFollowsTheEndpointsOwnFailures(History history) {
    FakeProvider p = new FakeProvider(3);
    CircuitBreaker circuit = p.circuits.forEndpoint("a");
    for (String step : history.steps().split(" ")) {
      String action = step.substring(0, step.indexOf('='));
      State expected =
          State.valueOf(
              step.substring(step.indexOf('=') + 1).toUpperCase(Locale.ROOT).replace('-', '_'));
      long before = p.requestsTo("a");
      if (action.startsWith("+")) {
        p.advance(Duration.ofSeconds(Long.parseLong(action.substring(1, action.length() - 1))));
      } else if (action.equals("skip")) {
        ProviderException e =
            assertThrows(
                ProviderException.class,
                p.run(List.of(route("a")), streaming(), LIMITS)::await,
                step);
        assertEquals("circuit_open", e.errorType(), step);
        assertEquals(before, p.requestsTo("a"), step + ": nothing sent");
      } else {
        p.script(
            "a",
            switch (action) {
              case "ok" -> streamOf("fine");
              case "cancel" -> silent(p::cancel);
              default -> status(Integer.parseInt(action), "{}");
            });
        LlmCall call = p.run(List.of(route("a")), streaming(), LIMITS);
        if (action.equals("ok") || action.equals("cancel")) {
          call.await();
        } else {
          assertThrows(ProviderException.class, call::await, step);
        }
        assertEquals(before + 1, p.requestsTo("a"), step + ": one request");
      }
      assertEquals(expected, circuit.state(), history.steps() + " at " + step);
    }
  }

  // ---- routing around an open circuit ---------------------------------------------------------

  private static FakeProvider withOpenCircuitOnA() {
    FakeProvider p = new FakeProvider(1);
    p.script("a", status(503, "{}"));
    assertThrows(ProviderException.class, p.run(List.of(route("a")), streaming(), LIMITS)::await);
    assertEquals(State.OPEN, p.circuits.forEndpoint("a").state());
    p.events.clear();
    return p;
  }

  @Test
  void anOpenCircuitSkipsItsEndpointAndTheStartNamesTheNextOne() {
    FakeProvider p = withOpenCircuitOnA();
    p.script("b", streamOf("from b"));
    assertEquals(
        "from b", p.run(List.of(route("a"), route("b")), streaming(), LIMITS).await().text());
    assertEquals(1, p.requestsTo("a"), "only the first call's request");
    assertEquals("b", p.start().provider());
  }

  @Test
  void anOpenCircuitSkipsItsEndpointWithoutStreamingToo() {
    FakeProvider p = withOpenCircuitOnA();
    p.script("b", whole("from b"));
    assertEquals(
        "from b", p.run(List.of(route("a"), route("b")), notStreaming(), LIMITS).await().text());
    assertEquals(1, p.requestsTo("a"));
  }

  @Test
  void whenEveryCircuitIsOpenTheCallFailsFastWithTheFirstEndpointsReason() {
    FakeProvider p = withOpenCircuitOnA();
    p.script("b", status(503, "{}"));
    assertThrows(ProviderException.class, p.run(List.of(route("b")), streaming(), LIMITS)::await);
    p.events.clear();
    ProviderException e =
        assertThrows(
            ProviderException.class,
            p.run(List.of(route("a"), route("b")), streaming(), LIMITS)::await);
    assertEquals("circuit_open", e.errorType());
    assertEquals("a", e.provider());
    assertTrue(e.retryable());
    assertEquals(List.of("llm.stream.start", "llm.stream.error"), p.eventNames());
    assertEquals(2, p.requests.size(), "nothing sent by the last call");
  }

  @Test
  void failuresThatOpenTheCircuitMidCallStopItsRetriesThere() {
    FakeProvider p = new FakeProvider(2);
    p.script("a", status(503, "{}"), status(503, "{}"), streamOf("never"));
    p.script("b", streamOf("from b"));
    assertEquals(
        "from b", p.run(List.of(route("a", 5), route("b")), streaming(), LIMITS).await().text());
    assertEquals(2, p.requestsTo("a"), "the second failure opened the circuit: no third try");
  }

  @Test
  void aHalfOpenCircuitLetsOneTrialThroughAtATime() {
    FakeProvider p = withOpenCircuitOnA();
    p.advance(Duration.ofSeconds(30));
    AtomicReference<LlmCall> during = new AtomicReference<>();
    CompletableFuture<Void> trialSent = new CompletableFuture<>();
    p.script(
        "a",
        call -> {
          // while the trial waits for its answer, another call comes
          LlmCall trial = p.current;
          during.set(p.run(List.of(route("a"), route("b")), streaming(), LIMITS));
          p.current = trial;
          trialSent.complete(null);
          return streamOf("trial ok").apply(call);
        });
    p.script("b", streamOf("from b"));
    LlmCall trial = p.run(List.of(route("a")), streaming(), LIMITS);
    assertTrue(trialSent.isDone());
    assertEquals("from b", during.get().await().text(), "the second call went around a");
    assertEquals("trial ok", trial.await().text());
    assertEquals(2, p.requestsTo("a"), "the failure, then only the trial");
    assertEquals(State.CLOSED, p.circuits.forEndpoint("a").state());
  }

  @Test
  void aCancelledTrialReleasesTheHalfOpenCircuitForTheNextCall() {
    FakeProvider p = withOpenCircuitOnA();
    p.advance(Duration.ofSeconds(30));
    p.script("a", silent(p::cancel), streamOf("second trial"));
    assertEquals(
        FinishReason.CANCELLED,
        p.run(List.of(route("a")), streaming(), LIMITS).await().finishReason());
    assertEquals(State.HALF_OPEN, p.circuits.forEndpoint("a").state());
    assertEquals("second trial", p.run(List.of(route("a")), streaming(), LIMITS).await().text());
    assertEquals(State.CLOSED, p.circuits.forEndpoint("a").state());
  }
}
