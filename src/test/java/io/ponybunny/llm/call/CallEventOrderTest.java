package io.ponybunny.llm.call;

import static io.ponybunny.llm.call.FakeProvider.route;
import static io.ponybunny.llm.call.FakeProvider.silent;
import static io.ponybunny.llm.call.FakeProvider.status;
import static io.ponybunny.llm.call.FakeProvider.stream;
import static io.ponybunny.llm.call.FakeProvider.streamOf;
import static io.ponybunny.llm.call.FakeProvider.streaming;
import static io.ponybunny.llm.call.FakeProvider.whole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.event.StreamEventPublisher;
import io.ponybunny.llm.routing.Route;
import io.ponybunny.testing.Managed;
import io.ponybunny.testing.ObservedEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The events of many concurrent calls through one real {@link StreamEventPublisher}: per request,
 * {@code llm.stream.start} goes out with the first chunk (not when the first attempt starts), then
 * the chunks in index order, then exactly one {@code llm.stream.end} or {@code llm.stream.error},
 * last, whatever the call went through.
 */
class CallEventOrderTest {

  /** One kind of call: its script, its routes, and what its events must show. */
  record Scenario(
      String name,
      Consumer<FakeProvider> script,
      List<Route> routes,
      String terminal,
      String finishReason,
      int chunks,
      int requestsBeforeStart) {}

  private static final List<Scenario> SCENARIOS =
      List.of(
          new Scenario(
              "a straight answer",
              p -> p.script("a", streamOf("a", "b", "c")),
              List.of(route("a")),
              "llm.stream.end",
              "stop",
              3,
              1),
          new Scenario(
              "a retry, then an answer",
              p -> p.script("a", status(503, "{}"), streamOf("x", "y")),
              List.of(route("a", 1)),
              "llm.stream.end",
              "stop",
              2,
              2),
          new Scenario(
              "a first-token timeout, then the fallback",
              p ->
                  p.script("a", silent(() -> p.advance(Duration.ofSeconds(31))))
                      .script("b", streamOf("x")),
              List.of(route("a"), route("b")),
              "llm.stream.end",
              "stop",
              1,
              2),
          new Scenario(
              "a stream cut after chunks",
              p -> p.script("a", stream().text("x", "y").reset()),
              List.of(route("a", 2), route("b")),
              "llm.stream.error",
              null,
              2,
              1),
          new Scenario(
              "every route failing",
              p -> p.script("a", status(401, "{}")).script("b", status(503, "{}")),
              List.of(route("a"), route("b")),
              "llm.stream.error",
              null,
              0,
              2),
          new Scenario(
              "the non-streaming fallback",
              p -> p.script("a", stream().reset(), whole("whole")),
              List.of(route("a")),
              "llm.stream.end",
              "stop",
              1,
              2),
          new Scenario(
              "a cancel mid-stream",
              p -> p.script("a", stream().text("x", "y").then(p::cancel).text("z").done()),
              List.of(route("a")),
              "llm.stream.end",
              "cancelled",
              2,
              1));

  private static final int ROUNDS = 20;

  private final ExecutorService callers = Executors.newFixedThreadPool(4);
  private final ExecutorService delivery = Executors.newFixedThreadPool(4);
  private final Map<String, List<ChannelEvent>> byRequest = new ConcurrentHashMap<>();
  private final Map<String, FakeProvider> providerOf = new ConcurrentHashMap<>();
  private final Map<String, Integer> requestsAtStart = new ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    callers.shutdownNow();
    delivery.shutdownNow();
  }

  @Test
  void everyRequestsEventsArriveInOrderEndingOnce() throws Exception {
    int calls = SCENARIOS.size() * ROUNDS;
    CountDownLatch ended = new CountDownLatch(calls);
    StreamEventPublisher publisher =
        new StreamEventPublisher(
            ObservedEvents.of(
                e -> {
                  StreamEvent s = (StreamEvent) e;
                  if (s instanceof StreamEvent.Start) {
                    requestsAtStart.put(
                        s.requestId(), providerOf.get(s.requestId()).requests.size());
                  }
                  byRequest
                      .computeIfAbsent(
                          s.requestId(), k -> Collections.synchronizedList(new ArrayList<>()))
                      .add(s);
                  if (s.terminal()) {
                    ended.countDown();
                  }
                }),
            Managed.executor(delivery));

    Map<String, Scenario> scenarioOf = new ConcurrentHashMap<>();
    List<Future<?>> running = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (Scenario scenario : SCENARIOS) {
        FakeProvider p = new FakeProvider(1000);
        p.publisher = publisher;
        scenario.script().accept(p);
        LlmCall call = p.newCall();
        providerOf.put(call.requestId(), p);
        scenarioOf.put(call.requestId(), scenario);
        running.add(
            callers.submit(
                () ->
                    p.run(
                        call,
                        scenario.routes(),
                        streaming(),
                        CallLimits.defaults(),
                        new io.ponybunny.llm.routing.Backoff(Duration.ZERO, Duration.ZERO))));
      }
    }
    for (Future<?> f : running) {
      f.get(30, TimeUnit.SECONDS);
    }
    assertTrue(ended.await(30, TimeUnit.SECONDS), "every call ended");
    assertEquals(calls, byRequest.size());

    byRequest.forEach(
        (requestId, events) -> {
          Scenario s = scenarioOf.get(requestId);
          String where = s.name() + " " + requestId + ": " + names(events);
          assertInstanceOf(StreamEvent.Start.class, events.get(0), where);
          assertEquals(s.requestsBeforeStart(), requestsAtStart.get(requestId), where);
          assertEquals(s.chunks() + 2, events.size(), where);
          assertEquals(
              IntStream.range(0, s.chunks()).boxed().toList(),
              events.subList(1, events.size() - 1).stream()
                  .map(e -> ((StreamEvent.Chunk) e).index())
                  .toList(),
              where);
          ChannelEvent last = events.get(events.size() - 1);
          assertEquals(s.terminal(), last.eventName(), where);
          assertEquals(1, events.stream().filter(ChannelEvent::terminal).count(), where);
          if (last instanceof StreamEvent.End end) {
            assertEquals(s.finishReason(), end.finishReason(), where);
            assertEquals(s.chunks(), end.totalChunks(), where);
          }
        });
  }

  private static List<String> names(List<ChannelEvent> events) {
    synchronized (events) {
      return events.stream().map(ChannelEvent::eventName).toList();
    }
  }
}
