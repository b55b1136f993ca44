package io.ponybunny.llm.call;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Provider endpoints for unit tests of the call policy: each endpoint {@code <id>} lives at {@code
 * http://<id>.test/v1} and answers from a script of replies, one per request, in order. The
 * watchdog runs on a fake clock that replies move forward; no thread, socket or sleep is involved.
 */
final class FakeProvider extends ProviderHttpClient {

  /** One scripted answer to one request. */
  @FunctionalInterface
  interface Reply extends Function<HttpCall, Future<Response>> {}

  final AtomicLong clock = new AtomicLong(1_000_000_000L);
  final StreamWatchdog watchdog = new StreamWatchdog(clock::get);
  final List<ChannelEvent> events = Collections.synchronizedList(new ArrayList<>());
  final List<HttpCall> requests = Collections.synchronizedList(new ArrayList<>());
  final CircuitBreakers circuits;
  private final Map<String, Deque<Reply>> scripts = new HashMap<>();

  final StreamEventPublisher publisher =
      new StreamEventPublisher() {
        @Override
        public void publish(ChannelEvent event) {
          events.add(event);
        }
      };

  /** Endpoints whose circuits open after one counted failure. */
  FakeProvider() {
    this(1);
  }

  /** Endpoints whose circuits open after {@code threshold} counted failures. */
  FakeProvider(int threshold) {
    circuits = new CircuitBreakers(threshold, 30, new MapConfig(Map.of()));
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
    scripts.computeIfAbsent(endpointId, k -> new ArrayDeque<>()).addAll(List.of(replies));
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
        watchdog,
        circuits,
        List.of(new OpenAiAdapter(), new io.ponybunny.llm.provider.gemini.GeminiAdapter()));
  }

  /** Runs one call to the end on this thread. */
  LlmCall run(List<Route> routes, LlmCompletionOptions options, CallLimits limits) {
    LlmCall call = new LlmCall("req_test" + events.size(), "test-model", "alice");
    new CallExecution(
            manager().collaborators(),
            call,
            routes,
            List.of(new ChatMessage("user", "hi")),
            options,
            new Backoff(Duration.ZERO, Duration.ZERO),
            limits)
        .run();
    return call;
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
    return call ->
        CompletableFuture.completedFuture(
            FakeResponse.whole(status, "application/json", bytes(body)));
  }

  /** A 200 OpenAI stream of these text deltas, finished with stop and [DONE]. */
  static Reply streamOf(String... texts) {
    return call ->
        CompletableFuture.completedFuture(
            FakeResponse.pieces("text/event-stream", null, sse(true, texts)));
  }

  /** A 200 OpenAI stream of these deltas that then runs {@code then} and ends without [DONE]. */
  static Reply streamThen(Runnable then, String... texts) {
    return call ->
        CompletableFuture.completedFuture(
            FakeResponse.pieces("text/event-stream", then, sse(false, texts)));
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
    return call -> CompletableFuture.failedFuture(new java.net.ConnectException("refused"));
  }

  /** No response comes; {@code meanwhile} runs first (e.g. moving the clock past a deadline). */
  static Reply silent(Runnable meanwhile) {
    return call -> {
      CompletableFuture<Response> never = new CompletableFuture<>();
      meanwhile.run();
      return never;
    };
  }

  private static byte[][] sse(boolean done, String... texts) {
    List<byte[]> out = new ArrayList<>();
    for (String t : texts) {
      out.add(
          bytes(
              "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                  + t
                  + "\"},\"finish_reason\":null}]}\n\n"));
    }
    if (done) {
      out.add(
          bytes(
              "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                  + "data: [DONE]\n\n"));
    }
    return out.toArray(new byte[0][]);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
