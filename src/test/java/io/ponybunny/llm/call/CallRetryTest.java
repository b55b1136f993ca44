package io.ponybunny.llm.call;

import static io.ponybunny.llm.call.FakeProvider.notStreaming;
import static io.ponybunny.llm.call.FakeProvider.route;
import static io.ponybunny.llm.call.FakeProvider.status;
import static io.ponybunny.llm.call.FakeProvider.streamOf;
import static io.ponybunny.llm.call.FakeProvider.streaming;
import static io.ponybunny.llm.call.FakeProvider.whole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.routing.Backoff;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Retries and backoff of {@link CallExecution}: which answers are retried on the same endpoint, how
 * many attempts an endpoint gets, how the full-jitter backoff grows and is capped, and how a
 * provider's requested delay (Retry-After in seconds or as an HTTP date, retry-after-ms, Gemini's
 * RetryInfo) is honoured up to {@code ponybunny.retry.max-wait-seconds}. Pauses are recorded on the
 * fake clock, never slept; circuits here stay closed (threshold 10).
 */
class CallRetryTest {

  private static final CallLimits LIMITS = CallLimits.defaults();
  private static final String BODY = "{\"error\":{\"message\":\"try again\"}}";

  private final FakeProvider p = new FakeProvider(10);

  private LlmCall run(List<io.ponybunny.llm.routing.Route> routes, LlmCompletionOptions options) {
    return p.run(routes, options, LIMITS, Backoff.DEFAULT);
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  // ---- which answers are retried --------------------------------------------------------------

  static Stream<Arguments> retryableStatusesInBothModes() {
    return IntStream.of(408, 409, 429, 500, 502, 503, 504, 529)
        .boxed()
        .flatMap(s -> Stream.of(Arguments.of(s, true), Arguments.of(s, false)));
  }

  @ParameterizedTest(name = "HTTP {0}, streaming {1}")
  @MethodSource("retryableStatusesInBothModes")
  void aRetryableStatusIsRetriedOnTheSameEndpointAfterABackoff(int code, boolean stream) {
    p.script("a", status(code, BODY), stream ? streamOf("o", "k") : whole("ok"));
    String text =
        run(List.of(route("a", 1), route("b")), stream ? streaming() : notStreaming())
            .await()
            .text();
    assertEquals("ok", text);
    assertEquals(2, p.requestsTo("a"));
    assertEquals(0, p.requestsTo("b"), "the retry answered; no fallback");
    assertEquals(List.of(ms(250)), p.pauses, "half of the first 500 ms ceiling (jitter 0.5)");
  }

  @ParameterizedTest(name = "HTTP {0}")
  @MethodSource("nonRetryableStatuses")
  void aNonRetryableStatusGoesStraightToTheNextRoute(int code) {
    p.script("a", status(code, BODY)).script("b", streamOf("fallback"));
    String text = run(List.of(route("a", 3), route("b")), streaming()).await().text();
    assertEquals("fallback", text);
    assertEquals(1, p.requestsTo("a"), "no retry of a non-retryable answer");
    assertEquals(List.of(), p.pauses, "no backoff before moving on");
  }

  static IntStream nonRetryableStatuses() {
    return IntStream.of(400, 401, 402, 403, 404, 413, 422);
  }

  // ---- attempts per endpoint and backoff growth
  // --------------------------------------------------

  @ParameterizedTest(name = "{0} retries")
  @MethodSource("retryCounts")
  void eachEndpointGetsItsOwnAttemptsThenTheNextRouteIsTried(int maxRetries) {
    for (int i = 0; i <= maxRetries; i++) {
      p.script("a", status(503, BODY));
    }
    p.script("b", status(503, BODY), streamOf("from b"));
    String text = run(List.of(route("a", maxRetries), route("b", 1)), streaming()).await().text();
    assertEquals("from b", text);
    assertEquals(maxRetries + 1, p.requestsTo("a"), "the first try and every retry");
    assertEquals(2, p.requestsTo("b"));
    List<Duration> expected = new ArrayList<>();
    for (int attempt = 0; attempt < maxRetries; attempt++) {
      expected.add(Backoff.DEFAULT.ceiling(attempt).dividedBy(2));
    }
    expected.add(ms(250)); // b starts again at the first ceiling
    assertEquals(expected, p.pauses);
  }

  static IntStream retryCounts() {
    return IntStream.of(0, 1, 3, 5);
  }

  static Stream<Arguments> backoffs() {
    double top = 0.999_999_999;
    return Stream.of(
        Arguments.of(
            "default, jitter at the top",
            Backoff.DEFAULT,
            top,
            List.of(500, 1000, 2000, 4000, 8000, 8000)),
        Arguments.of(
            "default, jitter in the middle",
            Backoff.DEFAULT,
            0.5,
            List.of(250, 500, 1000, 2000, 4000, 4000)),
        Arguments.of("default, no jitter", Backoff.DEFAULT, 0.0, List.of(0, 0, 0, 0, 0, 0)),
        Arguments.of(
            "100 ms base, 1 s cap",
            new Backoff(ms(100), Duration.ofSeconds(1)),
            top,
            List.of(100, 200, 400, 800, 1000, 1000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backoffs")
  void theBackoffDoublesUpToItsCapWithFullJitter(
      String name, Backoff backoff, double jitter, List<Integer> expectedMillis) {
    p.jitter = jitter;
    for (int i = 0; i < expectedMillis.size(); i++) {
      p.script("a", status(503, BODY));
    }
    p.script("a", streamOf("ok"));
    String text =
        p.run(List.of(route("a", expectedMillis.size())), streaming(), LIMITS, backoff)
            .await()
            .text();
    assertEquals("ok", text);
    assertEquals(expectedMillis.stream().map(m -> ms(m)).toList(), p.pauses);
  }

  // ---- the provider's requested delay --------------------------------------------------------

  private static final String GEMINI_RETRY_INFO =
      "{\"error\":{\"code\":429,\"message\":\"quota\",\"status\":\"RESOURCE_EXHAUSTED\","
          + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
          + "\"retryDelay\":\"%s\"}]}}";

  static Stream<Arguments> honouredDelays() {
    return Stream.of(
        Arguments.of(
            "Retry-After in seconds", status(429, BODY, Map.of("Retry-After", "2")), ms(2000)),
        Arguments.of(
            "fractional Retry-After", status(503, BODY, Map.of("retry-after", "1.5")), ms(1500)),
        Arguments.of(
            "retry-after-ms before Retry-After",
            status(429, BODY, Map.of("retry-after-ms", "1200", "Retry-After", "9")),
            ms(1200)),
        Arguments.of(
            "RetryInfo in the body", status(429, GEMINI_RETRY_INFO.formatted("3s")), ms(3000)),
        Arguments.of(
            "Retry-After shorter than the backoff: the backoff",
            status(429, BODY, Map.of("Retry-After", "0")),
            ms(250)),
        Arguments.of(
            "Retry-After of exactly the max wait",
            status(429, BODY, Map.of("Retry-After", "30")),
            Duration.ofSeconds(30)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("honouredDelays")
  void theProvidersRequestedDelayIsWaitedBeforeTheRetry(
      String name, FakeProvider.Reply reply, Duration expected) {
    p.script("a", reply, streamOf("ok"));
    assertEquals("ok", run(List.of(route("a", 1)), streaming()).await().text());
    assertEquals(List.of(expected), p.pauses);
  }

  @Test
  void aRetryAfterHttpDateIsWaitedUntil() {
    // The adapters read HTTP dates on the system clock; the date has whole seconds.
    String in10s =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
    p.script("a", status(503, BODY, Map.of("Retry-After", in10s)), streamOf("ok"));
    assertEquals("ok", run(List.of(route("a", 1)), streaming()).await().text());
    Duration waited = p.pauses.get(0);
    assertTrue(
        waited.compareTo(Duration.ofSeconds(8)) > 0
            && waited.compareTo(Duration.ofSeconds(10)) <= 0,
        waited.toString());
  }

  static Stream<Arguments> delaysOverTheMaxWait() {
    String in2min =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(2));
    return Stream.of(
        Arguments.of("Retry-After 31 s", status(429, BODY, Map.of("Retry-After", "31"))),
        Arguments.of("Retry-After in 2 minutes", status(503, BODY, Map.of("Retry-After", in2min))),
        Arguments.of("retry-after-ms 30001", status(429, BODY, Map.of("retry-after-ms", "30001"))),
        Arguments.of("RetryInfo 45 s", status(429, GEMINI_RETRY_INFO.formatted("45s"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("delaysOverTheMaxWait")
  void aDelayOverTheMaxRetryWaitIsNotWaitedTheNextRouteIsTried(
      String name, FakeProvider.Reply reply) {
    p.script("a", reply).script("b", streamOf("from b"));
    assertEquals("from b", run(List.of(route("a", 3), route("b")), streaming()).await().text());
    assertEquals(1, p.requestsTo("a"));
    assertEquals(List.of(), p.pauses);
  }

  @Test
  void withoutAnotherRouteADelayOverTheMaxWaitEndsTheCallWithTheProvidersAnswer() {
    p.script("a", status(429, BODY, Map.of("Retry-After", "120")));
    ProviderException e =
        assertThrows(ProviderException.class, run(List.of(route("a", 3)), streaming())::await);
    assertEquals(429, e.status());
    assertTrue(e.retryable());
    assertEquals(List.of("llm.stream.start", "llm.stream.error"), p.eventNames());
  }

  @Test
  void theMaxRetryWaitIsConfigurable() {
    CallLimits fiveSeconds =
        new CallLimits(Duration.ofSeconds(5), 1 << 20, Duration.ofSeconds(600));
    p.script("a", status(429, BODY, Map.of("Retry-After", "6")));
    p.script("b", status(429, BODY, Map.of("Retry-After", "5")), streamOf("ok"));
    String text =
        p.run(List.of(route("a", 1), route("b", 1)), streaming(), fiveSeconds, Backoff.DEFAULT)
            .await()
            .text();
    assertEquals("ok", text);
    assertEquals(1, p.requestsTo("a"), "6 s is over the 5 s max");
    assertEquals(List.of(Duration.ofSeconds(5)), p.pauses, "5 s is not");
  }

  @Test
  void aDelayThatWouldOutlastTheWallClockCapIsNotWaited() {
    CallLimits twentySeconds =
        new CallLimits(Duration.ofSeconds(30), 1 << 20, Duration.ofSeconds(20));
    p.script("a", status(429, BODY, Map.of("Retry-After", "25")));
    p.script("b", streamOf("from b"));
    String text =
        p.run(List.of(route("a", 3), route("b")), streaming(), twentySeconds, Backoff.DEFAULT)
            .await()
            .text();
    assertEquals("from b", text);
    assertEquals(List.of(), p.pauses);
    assertEquals(1, p.requestsTo("a"));
  }
}
