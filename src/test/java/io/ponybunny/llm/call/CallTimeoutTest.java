package io.ponybunny.llm.call;

import static io.ponybunny.llm.call.FakeProvider.failing;
import static io.ponybunny.llm.call.FakeProvider.notStreaming;
import static io.ponybunny.llm.call.FakeProvider.replyOf;
import static io.ponybunny.llm.call.FakeProvider.route;
import static io.ponybunny.llm.call.FakeProvider.silent;
import static io.ponybunny.llm.call.FakeProvider.status;
import static io.ponybunny.llm.call.FakeProvider.stream;
import static io.ponybunny.llm.call.FakeProvider.streamOf;
import static io.ponybunny.llm.call.FakeProvider.streaming;
import static io.ponybunny.llm.call.FakeProvider.whole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.routing.CircuitBreaker;
import io.ponybunny.llm.routing.Route;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Timeouts of a call: the HTTP client's connect timeout (a failed request), the first-token timeout
 * (no text from the start of an attempt, headers or not), the idle timeout (no bytes after text)
 * and the wall-clock cap on all attempts. The endpoints' own limits are 30 s to the first token and
 * 60 s idle.
 */
class CallTimeoutTest {

  private static final CallLimits LIMITS = CallLimits.defaults();

  private static ProviderException failure(LlmCall call) {
    return assertThrows(ProviderException.class, call::await);
  }

  // ---- connect ------------------------------------------------------------------------------

  static Stream<Arguments> connectFailures() {
    return Stream.of(
        Arguments.of("connect timeout", new HttpConnectTimeoutException("HTTP connect timed out")),
        Arguments.of(
            "connect timeout, wrapped",
            new CompletionException(new SocketTimeoutException("connect timed out"))),
        Arguments.of("connection reset", new IOException("Connection reset")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectFailures")
  void aRequestThatCannotConnectIsRetriedAndCountsAgainstTheCircuit(String name, Exception cause) {
    FakeProvider p = new FakeProvider(2);
    p.script("a", failing(cause), failing(cause));
    ProviderException e = failure(p.run(List.of(route("a", 1)), streaming(), LIMITS));
    assertEquals("connection_error", e.errorType());
    assertTrue(e.retryable());
    assertTrue(
        e.getMessage().contains("timed out") || e.getMessage().contains("reset"), e.describe());
    assertEquals(2, p.requestsTo("a"), "retried, and never tried without streaming");
    assertEquals(CircuitBreaker.State.OPEN, p.circuits.forEndpoint("a").state());
  }

  // ---- first token ----------------------------------------------------------------------------

  static Stream<Arguments> noFirstToken() {
    return Stream.of(
        Arguments.of("no headers", replyOf(p -> silent(() -> p.advance(Duration.ofSeconds(31))))),
        Arguments.of(
            "headers, then nothing",
            replyOf(p -> stream().then(() -> p.advance(Duration.ofSeconds(31))))),
        Arguments.of(
            "headers and keep-alive pings, but no text",
            replyOf(
                p ->
                    stream()
                        .ping()
                        .then(() -> p.advance(Duration.ofSeconds(20)))
                        .ping()
                        .then(() -> p.advance(Duration.ofSeconds(11)))
                        .ping())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("noFirstToken")
  void noTextWithinTheFirstTokenLimitFailsTheAttemptWhichIsRetried(
      String name, FakeProvider.ReplyOf reply) {
    FakeProvider p = new FakeProvider(10);
    p.script("a", reply.of(p), streamOf("late", " but here"));
    String text = p.run(List.of(route("a", 1)), streaming(), LIMITS).await().text();
    assertEquals("late but here", text);
    assertEquals(2, p.requestsTo("a"));
    assertEquals(
        List.of("llm.stream.start", "llm.stream.chunk", "llm.stream.chunk", "llm.stream.end"),
        p.eventNames(),
        "the timed-out attempt left no trace");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("noFirstToken")
  void aFirstTokenTimeoutIsReportedWithItsLimit(String name, FakeProvider.ReplyOf reply) {
    FakeProvider p = new FakeProvider(10);
    p.script("a", reply.of(p));
    ProviderException e = failure(p.run(List.of(route("a")), streaming(), LIMITS));
    assertEquals("first_token_timeout", e.errorType());
    assertTrue(e.retryable());
    assertFalse(e.callerCaused());
    assertTrue(e.getMessage().contains("no first token within 30000 ms"), e.getMessage());
  }

  @Test
  void aNonStreamingAnswerMustStartWithinTheFirstTokenLimit() {
    FakeProvider p = new FakeProvider(10);
    p.script("a", silent(() -> p.advance(Duration.ofSeconds(31))), whole("second try"));
    assertEquals(
        "second try", p.run(List.of(route("a", 1)), notStreaming(), LIMITS).await().text());
    assertEquals(2, p.requestsTo("a"));
  }

  @Test
  void theFirstPendingRequestIsAbandonedWhenItsFirstTokenLimitPasses() {
    FakeProvider p = new FakeProvider(10);
    AtomicReference<CompletableFuture<?>> pending = new AtomicReference<>();
    p.script(
        "a",
        call -> {
          CompletableFuture<jakarta.ws.rs.core.Response> never = new CompletableFuture<>();
          pending.set(never);
          p.advance(Duration.ofSeconds(31));
          return never;
        });
    failure(p.run(List.of(route("a")), streaming(), LIMITS));
    assertTrue(pending.get().isCancelled(), "the request was abandoned, not left running");
  }

  // ---- idle -----------------------------------------------------------------------------------

  @Test
  void bytesAfterTheFirstTextKeepAStreamAlive() {
    FakeProvider p = new FakeProvider(10);
    p.script(
        "a",
        stream()
            .text("a")
            .then(() -> p.advance(Duration.ofSeconds(50)))
            .ping()
            .then(() -> p.advance(Duration.ofSeconds(50)))
            .text("b")
            .then(() -> p.advance(Duration.ofSeconds(59)))
            .done());
    assertEquals("ab", p.run(List.of(route("a")), streaming(), LIMITS).await().text());
  }

  static Stream<Arguments> idleLimits() {
    return Stream.of(
        Arguments.of("the endpoint's 60 s", null, Duration.ofSeconds(61), false),
        Arguments.of("the caller's 5 s", Duration.ofSeconds(5), Duration.ofSeconds(6), true),
        Arguments.of("the caller's 90 s", Duration.ofSeconds(90), Duration.ofSeconds(91), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("idleLimits")
  void silenceAfterTextPastTheIdleLimitCutsTheStream(
      String name, Duration idle, Duration silence, boolean callerCaused) {
    FakeProvider p = new FakeProvider();
    p.script("a", stream().text("Hel").then(() -> p.advance(silence)).text("lo").done());
    LlmCompletionOptions options =
        LlmCompletionOptions.builder().stream(true).idleTimeout(idle).build();
    ProviderException e = failure(p.run(List.of(route("a", 2)), options, LIMITS));
    assertEquals("idle_timeout", e.errorType());
    assertEquals(callerCaused, e.callerCaused());
    assertTrue(e.getMessage().startsWith("stream cut after 1 chunks"), e.getMessage());
    assertEquals(
        List.of("llm.stream.start", "llm.stream.chunk", "llm.stream.error"), p.eventNames());
    assertEquals(
        callerCaused ? CircuitBreaker.State.CLOSED : CircuitBreaker.State.OPEN,
        p.circuits.forEndpoint("a").state(),
        "only the endpoint's own slowness counts");
  }

  /** Bug: the "stream cut" error a caller got dropped the caller-caused mark of its cause. */
  @Test
  void aStreamCutByTheCallersOwnIdleLimitStaysCallerCaused() {
    FakeProvider p = new FakeProvider();
    p.script("a", stream().text("Hel").then(() -> p.advance(Duration.ofSeconds(2))).done());
    LlmCompletionOptions options =
        LlmCompletionOptions.builder().stream(true).idleTimeout(Duration.ofSeconds(1)).build();
    ProviderException e = failure(p.run(List.of(route("a")), options, LIMITS));
    assertTrue(e.getMessage().startsWith("stream cut"), e.getMessage());
    assertTrue(
        e.callerCaused(), "a 1 s idle limit is the caller's choice, not the endpoint's fault");
  }

  // ---- the wall-clock cap across attempts -----------------------------------------------------

  @Test
  void theWallClockCapCountsEveryAttemptAndBackoffTogether() {
    FakeProvider p = new FakeProvider(10);
    CallLimits limits = new CallLimits(Duration.ofSeconds(30), 1 << 20, Duration.ofSeconds(40));
    p.script(
        "a",
        silent(() -> p.advance(Duration.ofSeconds(31))),
        stream().text("Hel").then(() -> p.advance(Duration.ofSeconds(10))).text("lo").done());
    ProviderException e = failure(p.run(List.of(route("a", 3)), streaming(), limits));
    assertEquals(StreamWatchdog.TOTAL_TIMEOUT, e.errorType());
    assertTrue(e.getMessage().contains("limit of 40 s"), e.getMessage());
    assertEquals(2, p.requestsTo("a"), "the second attempt ran into the 40 s cap");
  }

  /** Bug: once the cap had passed, the next route's request was still sent, then abandoned. */
  @Test
  void noRequestIsSentOnceTheWallClockCapHasPassed() {
    FakeProvider p = new FakeProvider(10);
    CallLimits limits = new CallLimits(Duration.ofSeconds(30), 1 << 20, Duration.ofSeconds(20));
    // a answers 503 only after the cap passed, before the watchdog's ticker noticed
    p.script(
        "a",
        call -> {
          p.clock.addAndGet(Duration.ofSeconds(21).toNanos());
          return status(503, "{}").apply(call);
        });
    p.script("b", streamOf("too late"));
    List<Route> routes = List.of(route("a"), route("b"));
    ProviderException e = failure(p.run(routes, streaming(), limits));
    assertEquals(StreamWatchdog.TOTAL_TIMEOUT, e.errorType());
    assertEquals(0, p.requestsTo("b"), "nothing goes out after the cap");
    assertEquals(List.of("llm.stream.start", "llm.stream.error"), p.eventNames());
  }

  /** The same bug without streaming. */
  @Test
  void noNonStreamingRequestIsSentOnceTheWallClockCapHasPassed() {
    FakeProvider p = new FakeProvider(10);
    CallLimits limits = new CallLimits(Duration.ofSeconds(30), 1 << 20, Duration.ofSeconds(20));
    p.script(
        "a",
        call -> {
          p.clock.addAndGet(Duration.ofSeconds(21).toNanos());
          return status(503, "{}").apply(call);
        });
    p.script("b", whole("too late"));
    ProviderException e = failure(p.run(List.of(route("a"), route("b")), notStreaming(), limits));
    assertEquals(StreamWatchdog.TOTAL_TIMEOUT, e.errorType());
    assertEquals(0, p.requestsTo("b"), "nothing goes out after the cap");
  }
}
