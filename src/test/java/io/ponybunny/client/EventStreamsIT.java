package io.ponybunny.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.SseSubscriber;
import io.ponybunny.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The typed MicroProfile REST client streams both kinds of server-sent events: a completion's own
 * events as they happen, and a goal's channel from a snapshot or resumed after an id.
 */
class EventStreamsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private final PonyBunnyClient client = TestServer.at(TestServer.HTTP).client();

  @Test
  void aCompletionsEventsArriveThroughTheClientAsTheyHappen() throws Exception {
    SseSubscriber events = new SseSubscriber();
    long sent = System.nanoTime();
    client
        .completionEvents(
            CompletionRequest.of("sim/client-paced~tokens=30~tps=20", null, "Through the client"))
        .subscribe(events);
    SseSubscriber.Event first = events.await("llm.stream.chunk", WAIT);
    SseSubscriber.Event end = events.await("llm.stream.end", WAIT);
    events.done().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(
        TimeUnit.NANOSECONDS.toMillis(end.arrivedNanos() - first.arrivedNanos()) >= 1_000,
        "the first chunk came well before the end");
    assertTrue(TimeUnit.NANOSECONDS.toMillis(first.arrivedNanos() - sent) < 1_500);
    List<SseSubscriber.Event> all = events.events();
    assertEquals("llm.stream.start", all.get(0).name());
    assertEquals("api", all.get(0).json().getString("client"));
    StringBuilder text = new StringBuilder();
    for (int i = 1; i < all.size() - 1; i++) {
      assertEquals("llm.stream.chunk", all.get(i).name());
      assertEquals(i - 1, all.get(i).json().getInt("index"));
      text.append(all.get(i).json().getString("chunk"));
    }
    String requestId = end.json().getString("requestId");
    StreamRecord record =
        io.ponybunny.testing.Eventually.until(
            () -> client.stream(requestId), r -> "completed".equals(r.status()), WAIT);
    assertEquals(text.toString(), record.content());
    assertEquals("api", record.client());
  }

  @Test
  void aGoalsChannelStreamsThroughTheClientAndResumesAfterAnId() throws Exception {
    String goal = "client-sse-" + UUID.randomUUID().toString().substring(0, 8);
    SseSubscriber live = new SseSubscriber();
    client.goalEvents(goal, null).subscribe(live);
    SseSubscriber.Event snapshot = live.await("snapshot", WAIT);
    assertTrue(snapshot.json().getJsonArray("streams").isEmpty());

    String requestId =
        TestServer.complete(goal, "sim/client-goal~tokens=20~tps=0", "On the goal")
            .get(WAIT.toSeconds(), TimeUnit.SECONDS)
            .getString("requestId");
    live.await(
        e -> "llm.stream.end".equals(e.name()) && requestId.equals(e.json().getString("requestId")),
        WAIT);
    List<SseSubscriber.Event> events = live.events();
    assertEquals(snapshot.id().split(":")[0] + ":1", events.get(1).id());
    SseSubscriber.Event middle = events.get(10);

    SseSubscriber resumed = new SseSubscriber();
    client.goalEvents(goal, middle.id()).subscribe(resumed);
    SseSubscriber.Event resumedEnd =
        resumed.await(
            e ->
                "llm.stream.end".equals(e.name())
                    && requestId.equals(e.json().getString("requestId")),
            WAIT);
    List<SseSubscriber.Event> replayed = resumed.events();
    assertFalse(replayed.stream().anyMatch(e -> "snapshot".equals(e.name())), "a replay");
    assertEquals(
        events.subList(11, events.size()).stream().map(SseSubscriber.Event::id).toList(),
        replayed.subList(0, replayed.indexOf(resumedEnd) + 1).stream()
            .map(SseSubscriber.Event::id)
            .toList(),
        "exactly the events after the id");
    live.cancel();
    resumed.cancel();
  }
}
