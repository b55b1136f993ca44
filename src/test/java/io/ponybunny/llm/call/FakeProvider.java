package io.ponybunny.llm.call;

import io.ponybunny.cluster.ClusterSettings;
import io.ponybunny.cost.Pricing;
import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.event.StreamEventPublisher;
import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.http.HttpCall;
import io.ponybunny.llm.http.ProviderHttpClient;
import io.ponybunny.llm.provider.openai.OpenAiAdapter;
import io.ponybunny.llm.routing.Backoff;
import io.ponybunny.llm.routing.CircuitBreakers;
import io.ponybunny.llm.routing.EndpointConfig;
import io.ponybunny.llm.routing.Route;
import io.ponybunny.testing.MapConfig;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Provider endpoints for unit tests of the call policy: each endpoint {@code <id>} lives at {@code
 * http://<id>.test/v1} and answers from a script of replies, one per request, in order. The
 * watchdog and the circuits run on one fake clock that replies and backoff pauses move forward; a
 * pause is recorded, not slept, and the backoff's jitter is fixed. No thread, socket or sleep is
 * involved.
 */
final class FakeProvider extends ProviderHttpClient {

  /** One scripted answer to one request. */
  @FunctionalInterface
  interface Reply extends Function<HttpCall, Future<Response>> {}

  /** A reply made for a given provider, e.g. one that moves its clock; for tables of replies. */
  @FunctionalInterface
  interface ReplyOf {
    Reply of(FakeProvider p);
  }

  /** {@code reply} as it is: gives a lambda its type inside {@code Arguments.of}. */
  static ReplyOf replyOf(ReplyOf reply) {
    return reply;
  }

  final AtomicLong clock = new AtomicLong(1_000_000_000L);

  /** Numbers calls across every provider, so that request ids never repeat. */
  private static final AtomicInteger CALLS = new AtomicInteger();

  final StreamWatchdog watchdog = new StreamWatchdog(clock::get);
  final List<ChannelEvent> events = Collections.synchronizedList(new ArrayList<>());
  final List<HttpCall> requests = Collections.synchronizedList(new ArrayList<>());
  final CircuitBreakers circuits;
  private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();

  /** The backoff pauses the calls asked for, in order. */
  final List<Duration> pauses = Collections.synchronizedList(new ArrayList<>());

  /** Runs at each pause, after the clock moved by its delay (e.g. to cancel the call). */
  volatile Runnable duringPause = () -> {};

  /** Where in its ceiling each backoff delay falls: just below 1 puts it at the ceiling. */
  volatile double jitter = 0.5;

  /** The call {@link #run} runs now. */
  volatile LlmCall current;

  /** Where the calls' events go: into {@link #events}, unless a test puts a real publisher here. */
  volatile StreamEventPublisher publisher =
      new StreamEventPublisher() {
        @Override
        public void publish(ChannelEvent event) {
          events.add(event);
        }
      };

  /** The prices the calls' tokens cost at: none, unless a test sets some. */
  volatile Pricing pricing = new Pricing(new MapConfig(Map.of()));

  /** The cluster the calls run in: a single node unless a test names an instance. */
  volatile ClusterSettings cluster = ClusterSettings.single();

  /** Endpoints whose circuits open after one counted failure. */
  FakeProvider() {
    this(1);
  }

  /** Endpoints whose circuits open after {@code threshold} counted failures. */
  FakeProvider(int threshold) {
    circuits = new CircuitBreakers(threshold, 30, new MapConfig(Map.of()), clock::get);
  }

  /** A route to {@code m} on an OpenAI-protocol endpoint without retries. */
  static Route route(String id) {
    return route(id, 0);
  }

  /** A route to {@code m} on an OpenAI-protocol endpoint with {@code maxRetries} retries. */
  static Route route(String id, int maxRetries) {
    return new Route(endpoint(id, maxRetries), "m");
  }

  static LlmCompletionOptions streaming() {
    return LlmCompletionOptions.builder().stream(true).build();
  }

  static LlmCompletionOptions notStreaming() {
    return LlmCompletionOptions.builder().build();
  }

  /** An OpenAI-protocol endpoint with the given retries and its default timeouts. */
  static EndpointConfig endpoint(String id, int maxRetries) {
    return endpoint(id, OpenAiAdapter.PROTOCOL, maxRetries);
  }

  /** An endpoint of {@code protocol} with the given retries and its default timeouts. */
  static EndpointConfig endpoint(String id, String protocol, int maxRetries) {
    return new EndpointConfig(
        id,
        protocol,
        "http://" + id + ".test/v1",
        "k-" + id,
        true,
        true,
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        maxRetries);
  }

  /** Queues replies for the endpoint's next requests. */
  FakeProvider script(String endpointId, Reply... replies) {
    scripts
        .computeIfAbsent(endpointId, k -> new ConcurrentLinkedDeque<>())
        .addAll(List.of(replies));
    return this;
  }

  @Override
  public Future<Response> post(HttpCall call, String accept) {
    requests.add(call);
    String host = call.uri().getHost();
    String id = host.substring(0, host.length() - ".test".length());
    Reply next = scripts.getOrDefault(id, new ArrayDeque<>()).poll();
    if (next == null) {
      throw new AssertionError("no reply scripted for request " + requests.size() + " to " + id);
    }
    return next.apply(call);
  }

  /** Requests that went to {@code endpointId}. */
  long requestsTo(String endpointId) {
    return requests.stream().filter(r -> r.uri().getHost().equals(endpointId + ".test")).count();
  }

  /** Moves the clock and lets the watchdog look at every watched attempt. */
  void advance(Duration d) {
    clock.addAndGet(d.toNanos());
    watchdog.tick();
  }

  ProviderManager manager() {
    return new ProviderManager(
        null,
        this,
        publisher,
        cluster,
        watchdog,
        circuits,
        pricing,
        List.of(new OpenAiAdapter(), new io.ponybunny.llm.provider.gemini.GeminiAdapter()));
  }

  /** Runs one call to the end on this thread, without backoff delays. */
  LlmCall run(List<Route> routes, LlmCompletionOptions options, CallLimits limits) {
    return run(routes, options, limits, new Backoff(Duration.ZERO, Duration.ZERO));
  }

  /** Runs one call to the end on this thread, backing off by {@code backoff}. */
  LlmCall run(
      List<Route> routes, LlmCompletionOptions options, CallLimits limits, Backoff backoff) {
    return run(newCall(), routes, options, limits, backoff);
  }

  /** A call not yet run, with a request id of its own. */
  LlmCall newCall() {
    return new LlmCall("req_test" + CALLS.incrementAndGet(), "test-model", "alice");
  }

  /** Runs {@code call} to the end on this thread, backing off by {@code backoff}. */
  LlmCall run(
      LlmCall call,
      List<Route> routes,
      LlmCompletionOptions options,
      CallLimits limits,
      Backoff backoff) {
    current = call;
    new CallExecution(
            collaborators(),
            call,
            routes,
            List.of(new ChatMessage("user", "hi")),
            options,
            backoff,
            limits)
        .run();
    return call;
  }

  /** What each execution is handed: this endpoint set, its clock, its pauses and its jitter. */
  CallCollaborators collaborators() {
    ProviderManager m = manager();
    return new CallCollaborators(
        this,
        publisher,
        cluster.instanceId(),
        watchdog,
        circuits,
        m::adapter,
        pricing,
        () -> jitter,
        this::pause);
  }

  private boolean pause(LlmCall call, Duration delay) {
    pauses.add(delay);
    advance(delay);
    duringPause.run();
    return !call.isCancelled();
  }

  /** Cancels the call {@link #run} runs now, as its owner would. */
  void cancel() {
    current.cancel();
  }

  List<String> eventNames() {
    synchronized (events) {
      return events.stream().map(ChannelEvent::eventName).toList();
    }
  }

  StreamEvent.Start start() {
    synchronized (events) {
      return events.stream()
          .filter(StreamEvent.Start.class::isInstance)
          .map(StreamEvent.Start.class::cast)
          .findFirst()
          .orElseThrow();
    }
  }

  // ---- replies ------------------------------------------------------------------------------

  static Reply status(int status, String body) {
    return status(status, body, Map.of());
  }

  /** An answer with these headers (e.g. {@code Retry-After}). */
  static Reply status(int status, String body, Map<String, String> headers) {
    return call ->
        CompletableFuture.completedFuture(
            FakeResponse.whole(status, "application/json", bytes(body), headers));
  }

  /** A 200 OpenAI stream of these text deltas, finished with stop and [DONE]. */
  static Reply streamOf(String... texts) {
    return stream().text(texts).done();
  }

  /** A 200 OpenAI stream of these deltas that then runs {@code then} and ends without [DONE]. */
  static Reply streamThen(Runnable then, String... texts) {
    StreamScript script = stream().text(texts);
    return then == null ? script : script.then(then);
  }

  /** A 200 non-streaming OpenAI answer. */
  static Reply whole(String text) {
    String body =
        "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
            + text
            + "\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
    return status(200, body);
  }

  /** The connection fails before any response. */
  static Reply refused() {
    return failing(new java.net.ConnectException("refused"));
  }

  /** The request fails with {@code cause} before any response (e.g. a connect timeout). */
  static Reply failing(Exception cause) {
    return call -> CompletableFuture.failedFuture(cause);
  }

  /** A 200 OpenAI event stream built step by step. */
  static StreamScript stream() {
    return new StreamScript();
  }

  /**
   * A 200 OpenAI event stream played step by step: text deltas, raw events, keep-alive pings and
   * actions run when the reader gets to them; without {@link #done()} it ends without [DONE].
   */
  static final class StreamScript implements Reply {
    private final List<Object> steps = new ArrayList<>();

    /** One chunk per text delta. */
    StreamScript text(String... texts) {
      for (String t : texts) {
        raw(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                + t
                + "\"},\"finish_reason\":null}]}\n\n");
      }
      return this;
    }

    /** The usage chunk: prompt tokens (cached ones included), completion and cached tokens. */
    StreamScript usage(int prompt, int completion, int cached) {
      return raw(
          "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":"
              + prompt
              + ",\"completion_tokens\":"
              + completion
              + ",\"prompt_tokens_details\":{\"cached_tokens\":"
              + cached
              + "}}}\n\n");
    }

    /** Raw event-stream text, e.g. an in-band error. */
    StreamScript raw(String eventStreamText) {
      steps.add(bytes(eventStreamText));
      return this;
    }

    /** A keep-alive comment: bytes, but no text. */
    StreamScript ping() {
      return raw(": keep-alive\n\n");
    }

    /** Runs {@code action} when the reader gets here. */
    StreamScript then(Runnable action) {
      steps.add(action);
      return this;
    }

    /** The connection is reset: the read fails. */
    StreamScript reset() {
      return then(
          () -> {
            throw new java.io.UncheckedIOException(new java.io.IOException("connection reset"));
          });
    }

    /** The stop finish and [DONE]. */
    StreamScript done() {
      return raw(
          "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
              + "data: [DONE]\n\n");
    }

    @Override
    public Future<Response> apply(HttpCall call) {
      return CompletableFuture.completedFuture(FakeResponse.steps("text/event-stream", steps));
    }
  }

  /** No response comes; {@code meanwhile} runs first (e.g. moving the clock past a deadline). */
  static Reply silent(Runnable meanwhile) {
    return call -> {
      CompletableFuture<Response> never = new CompletableFuture<>();
      meanwhile.run();
      return never;
    };
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
