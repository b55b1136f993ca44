package io.ponybunny.llm.call;

import static io.ponybunny.llm.call.FakeProvider.endpoint;
import static io.ponybunny.llm.call.FakeProvider.notStreaming;
import static io.ponybunny.llm.call.FakeProvider.refused;
import static io.ponybunny.llm.call.FakeProvider.route;
import static io.ponybunny.llm.call.FakeProvider.silent;
import static io.ponybunny.llm.call.FakeProvider.status;
import static io.ponybunny.llm.call.FakeProvider.streamOf;
import static io.ponybunny.llm.call.FakeProvider.streamThen;
import static io.ponybunny.llm.call.FakeProvider.streaming;
import static io.ponybunny.llm.call.FakeProvider.whole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.client.StreamAttempt;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.provider.gemini.GeminiAdapter;
import io.ponybunny.llm.routing.CircuitBreaker;
import io.ponybunny.llm.routing.Route;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The call policy of {@link CallExecution} against scripted endpoints: what counts against a
 * circuit, what is retried or tried without streaming, which provider the stream names, and the
 * wall-clock and response-size limits. Every circuit here opens after one counted failure.
 */
class CallPolicyTest {

  private static final CallLimits LIMITS = CallLimits.defaults();

  private static ProviderException failure(LlmCall call) {
    return assertThrows(ProviderException.class, call::await);
  }

  // ---- 1. client faults never trip the circuit ------------------------------------------------

  /** One kind of call a client gets wrong: its route, options and the endpoint's reply. */
  record ClientFault(
      String name, Route route, LlmCompletionOptions options, FakeProvider.Reply reply) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ClientFault> clientFaults() {
    FakeProvider.Reply never = call -> new java.util.concurrent.CompletableFuture<>();
    return Stream.of(
        new ClientFault(
            "1 ms first-token timeout",
            route("a"),
            LlmCompletionOptions.builder().stream(true)
                .firstTokenTimeout(Duration.ofMillis(1))
                .build(),
            null),
        new ClientFault(
            "1 ms first-token timeout, not streaming",
            route("a"),
            LlmCompletionOptions.builder().firstTokenTimeout(Duration.ofMillis(1)).build(),
            null),
        new ClientFault(
            "model unknown to the provider",
            route("a"),
            streaming(),
            status(
                404,
                "{\"error\":{\"message\":\"The model `x` does not exist\",\"code\":\"model_not_found\"}}")),
        new ClientFault(
            "request the provider refuses",
            route("a"),
            streaming(),
            status(400, "{\"error\":{\"message\":\"max_tokens is too large\"}}")),
        new ClientFault(
            "model name that cannot be built into a request",
            new Route(endpoint("a", GeminiAdapter.PROTOCOL, 0), "../../v1beta/files"),
            streaming(),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clientFaults")
  void aBurstOfClientFaultsLeavesTheCircuitClosed(ClientFault fault) {
    FakeProvider p = new FakeProvider();
    for (int i = 0; i < 10; i++) {
      if (fault.reply() != null) {
        p.script("a", fault.reply());
      } else if (fault.route().protocol().equals("openai")) {
        p.script("a", silent(() -> p.advance(Duration.ofMillis(5))));
      }
      ProviderException e = failure(p.run(List.of(fault.route()), fault.options(), LIMITS));
      assertEquals("a", e.provider(), e.describe());
    }
    assertEquals(CircuitBreaker.State.CLOSED, p.circuits.forEndpoint("a").state());
    p.script("a", streamOf("fine"));
    LlmCall ok = p.run(List.of(route("a")), streaming(), LIMITS);
    assertEquals("fine", ok.await().text());
  }

  @Test
  void theEndpointsOwnFailuresStillCount() {
    FakeProvider p = new FakeProvider();
    p.script("a", status(503, "{\"error\":{\"message\":\"overloaded\"}}"));
    failure(p.run(List.of(route("a")), streaming(), LIMITS));
    assertEquals(CircuitBreaker.State.OPEN, p.circuits.forEndpoint("a").state());
  }

  @Test
  void aTimeoutAtLeastTheEndpointsOwnCounts() {
    FakeProvider p = new FakeProvider();
    p.script("a", silent(() -> p.advance(Duration.ofSeconds(31))));
    ProviderException e = failure(p.run(List.of(route("a")), streaming(), LIMITS));
    assertEquals("first_token_timeout", e.errorType());
    assertFalse(e.callerCaused());
    assertEquals(CircuitBreaker.State.OPEN, p.circuits.forEndpoint("a").state());
  }

  // ---- 5. non-retryable answers are not tried again without streaming ---------------------------

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {400, 401, 403, 404})
  void aNonRetryableAnswerIsNotTriedAgainWithoutStreaming(int statusCode) {
    FakeProvider p = new FakeProvider();
    p.script("a", status(statusCode, "{\"error\":{\"message\":\"no\"}}"));
    ProviderException e =
        failure(p.run(List.of(new Route(endpoint("a", 2), "m")), streaming(), LIMITS));
    assertEquals(statusCode, e.status());
    assertFalse(e.retryable());
    assertEquals(1, p.requestsTo("a"), "one request, no retry, no non-streaming try");
    assertEquals(List.of("llm.stream.start", "llm.stream.error"), p.eventNames());
  }

  @Test
  void aConnectionFailureIsRetriedButNotTriedWithoutStreaming() {
    FakeProvider p = new FakeProvider(10);
    p.script("a", refused(), refused(), refused());
    ProviderException e =
        failure(p.run(List.of(new Route(endpoint("a", 2), "m")), streaming(), LIMITS));
    assertEquals("connection_error", e.errorType());
    assertEquals(3, p.requestsTo("a"), "the first try and two retries, all streaming");
  }

  /** Apache HttpClient's exception for a request that got no answer: its name is what counts. */
  static final class NoHttpResponseException extends java.io.IOException {
    NoHttpResponseException() {
      super("localhost:19410 failed to respond");
    }
  }

  private static FakeProvider.Reply unanswered() {
    return FakeProvider.failing(
        new jakarta.ws.rs.ProcessingException(new NoHttpResponseException()));
  }

  @Test
  void aRequestUnansweredOnAClosedKeptAliveConnectionIsSentAgainAtOnceOutsideTheCircuit() {
    FakeProvider p = new FakeProvider(1); // one counted failure would open the circuit
    p.script("a", unanswered(), unanswered(), streamOf("hel", "lo"));
    LlmResponse r = p.run(List.of(route("a")), streaming(), LIMITS).await();
    assertEquals("hello", r.text());
    assertEquals(3, p.requestsTo("a"), "sent again twice, on a route without retries");
    assertEquals(List.of(), p.pauses, "no backoff");
    assertEquals(CircuitBreaker.State.CLOSED, p.circuits.forEndpoint("a").state());
  }

  @Test
  void aRequestResetOnAClosedKeptAliveConnectionIsSentAgainAtOnce() {
    // A connection the provider closed can meet the request with a reset instead of an empty
    // answer.
    FakeProvider p = new FakeProvider(1);
    p.script(
        "a",
        FakeProvider.failing(
            new jakarta.ws.rs.ProcessingException(
                new java.net.SocketException("Connection reset"))),
        streamOf("hel", "lo"));
    LlmResponse r = p.run(List.of(route("a")), streaming(), LIMITS).await();
    assertEquals("hello", r.text());
    assertEquals(2, p.requestsTo("a"));
    assertEquals(List.of(), p.pauses, "no backoff");
    assertEquals(CircuitBreaker.State.CLOSED, p.circuits.forEndpoint("a").state());
  }

  @Test
  void aProviderThatLeavesEveryRequestUnansweredFailsAfterTheResends() {
    FakeProvider p = new FakeProvider(10);
    FakeProvider.Reply[] replies =
        new FakeProvider.Reply[CallExecution.STALE_CONNECTION_RESENDS + 1];
    java.util.Arrays.fill(replies, unanswered());
    p.script("a", replies);
    ProviderException e = failure(p.run(List.of(route("a")), streaming(), LIMITS));
    assertEquals("connection_error", e.errorType());
    assertEquals(CallExecution.STALE_CONNECTION_RESENDS + 1, p.requestsTo("a"));
  }

  @Test
  void aStreamThatBreaksBeforeItsFirstChunkGetsOneNonStreamingTry() {
    FakeProvider p = new FakeProvider(10);
    p.script("a", streamThen(null), whole("whole answer"));
    LlmResponse r = p.run(List.of(route("a")), streaming(), LIMITS).await();
    assertEquals("whole answer", r.text());
    assertEquals(2, p.requestsTo("a"));
    assertTrue(p.requests.get(1).body().contains("\"model\":\"m\""));
    assertFalse(p.requests.get(1).body().contains("\"stream\":true"), p.requests.get(1).body());
    assertEquals(List.of("llm.stream.start", "llm.stream.chunk", "llm.stream.end"), p.eventNames());
  }

  // ---- 6. the start event names the provider that serves the stream ----------------------------

  static Stream<Arguments> firstRouteFailures() {
    return Stream.of(
        Arguments.of("connection refused", refused()),
        Arguments.of("HTTP 503", status(503, "{}")),
        Arguments.of("HTTP 401", status(401, "{}")),
        Arguments.of("stream cut before any chunk", streamThen(null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("firstRouteFailures")
  void theStartEventNamesTheFallbackThatAnswered(String name, FakeProvider.Reply failure) {
    FakeProvider p = new FakeProvider();
    p.script("a", failure).script("b", streamOf("Hel", "lo"));
    LlmResponse r = p.run(List.of(route("a"), route("b")), streaming(), LIMITS).await();
    assertEquals("Hello", r.text());
    assertEquals(
        List.of("llm.stream.start", "llm.stream.chunk", "llm.stream.chunk", "llm.stream.end"),
        p.eventNames());
    assertEquals("b", p.start().provider());
  }

  @Test
  void theStartNamesEveryAttemptThatFailedBeforeItWithTheWaitsBetween() {
    FakeProvider p = new FakeProvider(10);
    p.script("a", status(429, "{}", java.util.Map.of("Retry-After", "2")), refused())
        .script("b", streamOf("Hi"));
    p.run(List.of(route("a", 1), route("b")), streaming(), LIMITS).await();
    List<StreamAttempt> attempts = p.start().attempts();
    assertEquals(2, attempts.size(), attempts.toString());
    StreamAttempt limited = attempts.get(0);
    assertEquals("a", limited.provider());
    assertEquals(429, limited.status());
    assertEquals(2000L, limited.retryAfterMs());
    assertEquals(p.pauses.get(0).toMillis(), limited.waitMs(), "the wait the call paused");
    StreamAttempt refused = attempts.get(1);
    assertEquals("a", refused.provider());
    assertEquals(null, refused.status(), "no HTTP answer");
    assertEquals("connection_error", refused.error());
    assertEquals(null, refused.waitMs(), "the fallback went on at once");
    assertEquals("b", p.start().provider(), "the fallback that served");

    FakeProvider first = new FakeProvider();
    first.script("a", streamOf("Hi"));
    first.run(List.of(route("a")), streaming(), LIMITS).await();
    assertEquals(List.of(), first.start().attempts(), "the first attempt served");
  }

  @Test
  void aStreamThatFailsEverywhereNamesTheLastEndpointTried() {
    FakeProvider p = new FakeProvider();
    p.script("a", status(401, "{}")).script("b", status(403, "{}"));
    ProviderException e = failure(p.run(List.of(route("a"), route("b")), streaming(), LIMITS));
    assertEquals("b", e.provider());
    assertEquals(List.of("llm.stream.start", "llm.stream.error"), p.eventNames());
    assertEquals("b", p.start().provider());
  }

  // ---- 8. the wall-clock cap ------------------------------------------------------------------

  @Test
  void theWallClockCapEndsALiveStreamWithOneErrorKeepingItsText() {
    FakeProvider p = new FakeProvider();
    CallLimits limits = new CallLimits(Duration.ofSeconds(30), 1 << 20, Duration.ofSeconds(600));
    p.script("a", streamThen(() -> p.advance(Duration.ofSeconds(601)), "Hel", "lo"));
    LlmCall call =
        p.run(List.of(new Route(endpoint("a", 2), "m"), route("b")), streaming(), limits);
    ProviderException e = failure(call);
    assertEquals(StreamWatchdog.TOTAL_TIMEOUT, e.errorType());
    assertFalse(e.retryable());
    assertEquals(
        List.of("llm.stream.start", "llm.stream.chunk", "llm.stream.chunk", "llm.stream.error"),
        p.eventNames());
    StreamEvent.Error error = (StreamEvent.Error) p.events.get(3);
    assertTrue(error.error().contains("stream cut after 2 chunks"), error.error());
    assertEquals(1, p.requestsTo("a"), "no retry");
    assertEquals(0, p.requestsTo("b"), "no fallback");
    assertEquals(CircuitBreaker.State.CLOSED, p.circuits.forEndpoint("a").state());
  }

  @Test
  void theWallClockCapAlsoStopsACallThatIsStillWaiting() {
    FakeProvider p = new FakeProvider();
    CallLimits limits = new CallLimits(Duration.ofSeconds(30), 1 << 20, Duration.ofSeconds(20));
    p.script("a", silent(() -> p.advance(Duration.ofSeconds(21))));
    ProviderException e =
        failure(
            p.run(List.of(new Route(endpoint("a", 2), "m"), route("b")), notStreaming(), limits));
    assertEquals(StreamWatchdog.TOTAL_TIMEOUT, e.errorType());
    assertEquals(1, p.requests.size());
    assertEquals(CircuitBreaker.State.CLOSED, p.circuits.forEndpoint("a").state());
  }

  // ---- 3. non-streaming bodies have their own limit --------------------------------------------

  static Stream<Arguments> bodySizes() {
    return Stream.of(
        Arguments.of("100 KiB under an 8 MiB limit", 100 * 1024, 8 << 20, true),
        Arguments.of("just under the limit", 4000, 4096, true),
        Arguments.of("over the limit", 5000, 4096, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodySizes")
  void nonStreamingAnswersAreReadUpToTheirOwnLimit(
      String name, int textLength, int limit, boolean fits) {
    FakeProvider p = new FakeProvider();
    String text = "x".repeat(textLength - 200);
    p.script("a", whole(text));
    CallLimits limits = new CallLimits(Duration.ofSeconds(30), limit, Duration.ofSeconds(600));
    LlmCall call = p.run(List.of(route("a")), notStreaming(), limits);
    if (fits) {
      assertEquals(text, call.await().text());
    } else {
      ProviderException e = failure(call);
      assertEquals("response_too_large", e.errorType());
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains(limit + " bytes"), e.getMessage());
      assertEquals(1, p.requestsTo("a"));
    }
  }

  @Test
  void errorBodiesAreCutAt64KiB() throws Exception {
    byte[] big = new byte[200 * 1024];
    java.util.Arrays.fill(big, (byte) 'e');
    byte[] read =
        CallExecution.readBody(
            FakeResponse.whole(500, "text/plain", big), CallLimits.MAX_ERROR_BODY, null);
    assertEquals(64 * 1024, read.length);
  }
}
