package io.ponybunny.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.sse.InboundSseEvent;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Subscribes to a MicroProfile Rest Client's event stream ({@code Publisher<InboundSseEvent>}),
 * requesting everything, and records each event (id, name, data) with the moment it arrived;
 * heartbeat comments are skipped.
 */
public final class SseSubscriber implements Subscriber<InboundSseEvent> {

  /** One event as it arrived ({@link System#nanoTime()}). */
  public record Event(String id, String name, String data, long arrivedNanos) {
    public JsonObject json() {
      try (var reader = Json.createReader(new StringReader(data))) {
        return reader.readObject();
      }
    }
  }

  private final List<Event> events = new ArrayList<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile Subscription subscription;

  @Override
  public void onSubscribe(Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(InboundSseEvent e) {
    if (e.getName() == null && e.isEmpty()) {
      return; // a comment: the server's heartbeat (some clients hand it on as an empty event)
    }
    Event event = new Event(e.getId(), e.getName(), e.readData(), System.nanoTime());
    synchronized (this) {
      events.add(event);
      notifyAll();
    }
  }

  @Override
  public void onError(Throwable t) {
    done.completeExceptionally(t);
    wake();
  }

  @Override
  public void onComplete() {
    done.complete(null);
    wake();
  }

  private synchronized void wake() {
    notifyAll();
  }

  /** Completes when the stream ended (exceptionally when it failed). */
  public CompletableFuture<Void> done() {
    return done;
  }

  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** Waits for an event matching {@code match}; fails after {@code timeout} or once it ended. */
  public synchronized Event await(Predicate<Event> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Event e : events) {
        if (match.test(e)) {
          return e;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || done.isDone()) {
        throw new AssertionError("no such event; got " + events + " " + done);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }

  /** Waits for the event named {@code name}. */
  public Event await(String name, Duration timeout) {
    return await(e -> name.equals(e.name()), timeout);
  }

  /** Stops the stream: the connection is closed. */
  public void cancel() {
    Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }
}
