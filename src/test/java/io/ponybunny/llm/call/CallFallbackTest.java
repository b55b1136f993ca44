package io.ponybunny.llm.call;

import static io.ponybunny.llm.call.FakeProvider.refused;
import static io.ponybunny.llm.call.FakeProvider.replyOf;
import static io.ponybunny.llm.call.FakeProvider.route;
import static io.ponybunny.llm.call.FakeProvider.silent;
import static io.ponybunny.llm.call.FakeProvider.status;
import static io.ponybunny.llm.call.FakeProvider.stream;
import static io.ponybunny.llm.call.FakeProvider.streamOf;
import static io.ponybunny.llm.call.FakeProvider.whole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.routing.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fallback of {@link CallExecution} happens only before the first chunk: a failure after it ends
 * the call with one error event, the chunks already sent standing; a failure before it leaves no
 * trace and the next route answers; a route whose streaming itself broke gets one non-streaming try
 * after every streaming route was tried.
 */
class CallFallbackTest {

  private static final CallLimits LIMITS = CallLimits.defaults();

  private final FakeProvider p = new FakeProvider(10);
  private final List<String> chunksSeen = new ArrayList<>();
  private final List<ProviderException> errorsSeen = new ArrayList<>();

  private LlmCompletionOptions streamingWithCallbacks() {
    return LlmCompletionOptions.builder().stream(true)
        .onChunk((text, index) -> chunksSeen.add(index + ":" + text))
        .onError(errorsSeen::add)
        .build();
  }

  /** A mid-stream failure, given the provider (for those that move its clock). */
  record StreamFailure(String name, FakeProvider.ReplyOf after) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<StreamFailure> streamFailures() {
    return Stream.of(
        new StreamFailure("the connection is reset", p -> stream().text("Hel", "lo").reset()),
        new StreamFailure("the stream ends without [DONE]", p -> stream().text("Hel", "lo")),
        new StreamFailure(
            "an in-band 503 error",
            p ->
                stream()
                    .text("Hel", "lo")
                    .raw(
                        "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\","
                            + "\"code\":503}}\n\n")),
        new StreamFailure(
            "a malformed chunk", p -> stream().text("Hel", "lo").raw("data: {\"choices\":[\n\n")),
        new StreamFailure(
            "the idle timeout",
            p -> stream().text("Hel", "lo").then(() -> p.advance(Duration.ofSeconds(61)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streamFailures")
  void aFailureAfterTheFirstChunkEndsTheCallWithOneErrorKeepingTheTextSent(StreamFailure failure) {
    p.script("a", failure.after().of(p)).script("b", streamOf("never"));
    LlmCall call =
        p.run(
            List.of(route("a", 2), route("b")), streamingWithCallbacks(), LIMITS, Backoff.DEFAULT);

    ProviderException e = assertThrows(ProviderException.class, call::await);
    assertTrue(e.getMessage().startsWith("stream cut after 2 chunks"), e.getMessage());
    assertEquals(
        List.of("llm.stream.start", "llm.stream.chunk", "llm.stream.chunk", "llm.stream.error"),
        p.eventNames());
    assertEquals(List.of("Hel", "lo"), chunkTexts(p.events));
    assertEquals(List.of("0:Hel", "1:lo"), chunksSeen, "the caller got the partial text");
    assertEquals(1, errorsSeen.size());
    assertSame(e, errorsSeen.get(0));
    assertEquals(1, p.requestsTo("a"), "no retry after a chunk");
    assertEquals(0, p.requestsTo("b"), "no fallback after a chunk");
    assertEquals(List.of(), p.pauses);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failuresBeforeText")
  void aFailureBeforeTheFirstChunkLeavesNoTraceAndTheNextRouteAnswers(
      String name, FakeProvider.ReplyOf failure) {
    p.script("a", failure.of(p)).script("b", streamOf("Hel", "lo"));
    LlmResponse r =
        p.run(List.of(route("a"), route("b")), streamingWithCallbacks(), LIMITS).await();
    assertEquals("Hello", r.text());
    assertEquals(
        List.of("llm.stream.start", "llm.stream.chunk", "llm.stream.chunk", "llm.stream.end"),
        p.eventNames());
    assertEquals("b", p.start().provider());
    assertEquals(List.of("0:Hel", "1:lo"), chunksSeen);
    assertEquals(List.of(), errorsSeen);
  }

  static Stream<Arguments> failuresBeforeText() {
    return Stream.of(
        Arguments.of(
            "reasoning then a reset", replyOf(p -> stream().raw(reasoning("thinking")).reset())),
        Arguments.of("pings then the end", replyOf(p -> stream().ping().ping())),
        Arguments.of(
            "an in-band error",
            replyOf(
                p -> stream().raw("data: {\"error\":{\"message\":\"boom\",\"code\":500}}\n\n"))),
        Arguments.of("HTTP 529", replyOf(p -> status(529, "{}"))),
        Arguments.of(
            "no first token in time",
            replyOf(p -> silent(() -> p.advance(Duration.ofSeconds(31))))));
  }

  private static String reasoning(String text) {
    return "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\""
        + text
        + "\"},\"finish_reason\":null}]}\n\n";
  }

  // ---- the non-streaming fallback ------------------------------------------------------------

  static Stream<Arguments> nonStreamingFallback() {
    return Stream.of(
        Arguments.of("the stream is reset before text", replyOf(p -> stream().reset()), true),
        Arguments.of("the stream ends without [DONE] or text", replyOf(p -> stream().ping()), true),
        Arguments.of(
            "a malformed first chunk", replyOf(p -> stream().raw("data: {oops\n\n")), true),
        Arguments.of(
            "an in-band 503 error",
            replyOf(p -> stream().raw("data: {\"error\":{\"message\":\"busy\",\"code\":503}}\n\n")),
            false),
        Arguments.of("HTTP 503", replyOf(p -> status(503, "{}")), false),
        Arguments.of("HTTP 400", replyOf(p -> status(400, "{}")), false),
        Arguments.of("connection refused", replyOf(p -> refused()), false),
        Arguments.of(
            "no first token in time",
            replyOf(p -> silent(() -> p.advance(Duration.ofSeconds(31)))),
            false));
  }

  @ParameterizedTest(name = "{0}: tried without streaming {2}")
  @MethodSource("nonStreamingFallback")
  void onlyARouteWhoseStreamingItselfBrokeIsTriedWithoutStreaming(
      String name, FakeProvider.ReplyOf failure, boolean triedWhole) {
    p.script("a", failure.of(p));
    if (triedWhole) {
      p.script("a", whole("whole answer"));
    }
    LlmCall call = p.run(List.of(route("a")), streamingWithCallbacks(), LIMITS);
    if (triedWhole) {
      assertEquals("whole answer", call.await().text());
      assertEquals(2, p.requestsTo("a"));
      assertFalse(p.requests.get(1).body().contains("\"stream\":true"), p.requests.get(1).body());
      assertEquals(
          List.of("llm.stream.start", "llm.stream.chunk", "llm.stream.end"), p.eventNames());
      assertEquals(List.of("0:whole answer"), chunksSeen, "the whole answer is one chunk");
    } else {
      assertThrows(ProviderException.class, call::await);
      assertEquals(1, p.requestsTo("a"));
      assertEquals(List.of("llm.stream.start", "llm.stream.error"), p.eventNames());
    }
  }

  @Test
  void theNonStreamingTriesComeAfterEveryStreamingRoute() {
    p.script("a", stream().reset(), whole("from a, whole")).script("b", status(503, "{}"));
    LlmResponse r =
        p.run(List.of(route("a"), route("b")), streamingWithCallbacks(), LIMITS).await();
    assertEquals("from a, whole", r.text());
    assertEquals(
        List.of("a", "b", "a"),
        p.requests.stream().map(c -> c.uri().getHost().replace(".test", "")).toList());
    assertTrue(p.requests.get(0).body().contains("\"stream\":true"));
    assertTrue(p.requests.get(1).body().contains("\"stream\":true"));
    assertFalse(p.requests.get(2).body().contains("\"stream\":true"));
    assertEquals("a", p.start().provider());
  }

  @Test
  void aFailedNonStreamingTryEndsTheCallWithOneErrorEvent() {
    p.script("a", stream().reset(), status(502, "{\"error\":{\"message\":\"bad gateway\"}}"));
    ProviderException e =
        assertThrows(
            ProviderException.class,
            p.run(List.of(route("a")), streamingWithCallbacks(), LIMITS)::await);
    assertEquals(502, e.status());
    assertEquals(List.of("llm.stream.start", "llm.stream.error"), p.eventNames());
    assertEquals(List.of(e), errorsSeen);
  }

  private static List<String> chunkTexts(List<ChannelEvent> events) {
    synchronized (events) {
      return events.stream()
          .filter(StreamEvent.Chunk.class::isInstance)
          .map(c -> ((StreamEvent.Chunk) c).chunk())
          .toList();
    }
  }
}
