package io.ponybunny.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.Managed;
import io.ponybunny.testing.ObservedEvents;
import jakarta.json.stream.JsonGenerator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The publisher keeps the events of one ordering key in publish order, whichever thread delivers
 * them: a stream event on an idle lane is delivered on the publishing thread, events behind a busy
 * lane wait their turn on the executor, and other keys' lanes do not wait for it.
 */
class StreamEventPublisherTest {

  /** A goal-like event delivered through the executor. */
  record KeyedEvent(String orderingKey, String name) implements ChannelEvent {
    @Override
    public String eventName() {
      return name;
    }

    @Override
    public String goalId() {
      return orderingKey;
    }

    @Override
    public long timestamp() {
      return 0;
    }

    @Override
    public void writeData(JsonGenerator generator) {}
  }

  /** An event and the thread that delivered it. */
  record Delivery(ChannelEvent event, Thread thread) {}

  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final List<Delivery> delivered = Collections.synchronizedList(new ArrayList<>());

  /** Counted down once per event delivered (recorded in {@link #delivered}). */
  private volatile CountDownLatch deliveries = new CountDownLatch(0);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private StreamEventPublisher publisher(Consumer<ChannelEvent> observer) {
    return new StreamEventPublisher(
        ObservedEvents.of(
            e -> {
              observer.accept(e);
              delivered.add(new Delivery(e, Thread.currentThread()));
              deliveries.countDown();
            }),
        Managed.executor(pool));
  }

  private static StreamEvent.Chunk chunk(String requestId, int index) {
    return new StreamEvent.Chunk(requestId, null, "c" + index, index, index);
  }

  private List<ChannelEvent> deliveredFor(String key) {
    synchronized (delivered) {
      return delivered.stream()
          .map(Delivery::event)
          .filter(e -> e.orderingKey().equals(key))
          .toList();
    }
  }

  @Test
  void aStreamEventOnAnIdleLaneIsDeliveredOnThePublishingThread() {
    StreamEventPublisher publisher = publisher(e -> {});
    publisher.publish(new StreamEvent.Start("r1", null, null, null, "m", "p", null, null, 0));
    publisher.publish(chunk("r1", 0));
    assertEquals(2, delivered.size(), "delivered before publish returned");
    delivered.forEach(d -> assertEquals(Thread.currentThread(), d.thread()));
  }

  @Test
  void eventsOfOneKeyWaitBehindASlowObserverAndKeepTheirOrder() throws Exception {
    CountDownLatch slowStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    deliveries = new CountDownLatch(21);
    StreamEventPublisher publisher =
        publisher(
            e -> {
              if (e.eventName().equals("slow")) {
                slowStarted.countDown();
                await(release);
              }
            });
    List<ChannelEvent> published = new ArrayList<>();
    published.add(new KeyedEvent("r1", "slow"));
    for (int i = 0; i < 10; i++) {
      published.add(chunk("r1", i));
      published.add(new KeyedEvent("r1", "goal event " + i));
    }
    publisher.publish(published.get(0));
    assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
    for (ChannelEvent e : published.subList(1, published.size())) {
      publisher.publish(e); // returns at once: the lane is busy, so nothing runs here
    }
    assertEquals(0, delivered.size(), "everything waits behind the slow observer");

    release.countDown();
    assertTrue(deliveries.await(10, TimeUnit.SECONDS));
    assertEquals(published, deliveredFor("r1"));
    delivered.forEach(
        d ->
            assertNotEquals(
                Thread.currentThread(), d.thread(), "behind a busy lane, on the executor"));
  }

  @Test
  void anotherKeysLaneDoesNotWaitForABusyOne() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch otherDelivered = new CountDownLatch(2);
    StreamEventPublisher publisher =
        publisher(
            e -> {
              if (e.orderingKey().equals("busy")) {
                await(release);
              } else {
                otherDelivered.countDown();
              }
            });
    publisher.publish(new KeyedEvent("busy", "slow"));
    publisher.publish(new KeyedEvent("other", "goal event"));
    publisher.publish(chunk("r2", 0));
    assertTrue(otherDelivered.await(10, TimeUnit.SECONDS), "delivered while 'busy' still waits");
    release.countDown();
  }

  @Test
  void aFailingObserverDoesNotStopTheEventsBehindIt() throws Exception {
    deliveries = new CountDownLatch(2);
    StreamEventPublisher publisher =
        publisher(
            e -> {
              if (e.eventName().equals("bad")) {
                throw new IllegalStateException("observer failed");
              }
            });
    publisher.publish(new KeyedEvent("g", "bad"));
    publisher.publish(new KeyedEvent("g", "after 1"));
    publisher.publish(new KeyedEvent("g", "after 2"));
    assertTrue(deliveries.await(10, TimeUnit.SECONDS));
    assertEquals(
        List.of("after 1", "after 2"),
        deliveredFor("g").stream().map(ChannelEvent::eventName).toList());
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
