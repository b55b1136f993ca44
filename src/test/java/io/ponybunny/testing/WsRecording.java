package io.ponybunny.testing;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * What a test's WebSocket client received of the streaming protocol and how its socket ended: the
 * frames as they came, the messages with batch frames flattened (the snapshot and the events), when
 * each arrived; waits on them without sleeping. {@link WsClient} and {@link RawWsClient} record
 * into it, each from its own transport.
 *
 * <p>{@link #await} looks at events only (a snapshot has no {@code event} or {@code data} field);
 * {@link #awaitMessage} at every message. Both fail as soon as the socket has ended without a
 * match.
 */
public abstract class WsRecording {

  private final List<JsonObject> frames = new ArrayList<>();
  private final List<Long> frameNanos = new ArrayList<>();
  private final List<JsonObject> messages = new ArrayList<>();
  private final List<Long> messageNanos = new ArrayList<>();
  private int events;
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private String closeReason;

  /**
   * Records a text frame that arrived at {@code arrivedNanos} ({@link System#nanoTime}); returns
   * how many events have been received so far.
   */
  protected final synchronized int record(JsonObject frame, long arrivedNanos) {
    frames.add(frame);
    frameNanos.add(arrivedNanos);
    if ("batch".equals(frame.getString("type", null))) {
      for (JsonValue v : frame.getJsonArray("events")) {
        add(v.asJsonObject(), arrivedNanos);
      }
    } else {
      add(frame, arrivedNanos);
    }
    notifyAll();
    return events;
  }

  private void add(JsonObject message, long arrivedNanos) {
    messages.add(message);
    messageNanos.add(arrivedNanos);
    if (isEvent(message)) {
      events++;
    }
  }

  /** The socket ended with {@code code} (-1: dropped without a close frame). */
  protected final synchronized void ended(int code, String reason) {
    if (closed.complete(code)) { // before waking the waiters, which check it
      closeReason = reason;
    }
    notifyAll();
  }

  /** The socket failed. */
  protected final synchronized void failed(Throwable error) {
    closed.completeExceptionally(error);
    notifyAll();
  }

  private static boolean isEvent(JsonObject message) {
    return "event".equals(message.getString("type", null));
  }

  /** Frames as received (a batch is one frame). */
  public synchronized List<JsonObject> frames() {
    return List.copyOf(frames);
  }

  /** Every message so far: the snapshot and the events, batches flattened. */
  public synchronized List<JsonObject> messages() {
    return List.copyOf(messages);
  }

  /** The event messages so far (no snapshot), batches flattened. */
  public synchronized List<JsonObject> events() {
    return messages.stream().filter(WsRecording::isEvent).toList();
  }

  /** When each event named {@code name} arrived ({@link System#nanoTime}), in order. */
  public synchronized List<Long> arrivalNanos(String name) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      if (name.equals(messages.get(i).getString("event", null))) {
        out.add(messageNanos.get(i));
      }
    }
    return out;
  }

  /**
   * The longest time between two consecutive frames that arrived at or after {@code fromNanos}
   * ({@link System#nanoTime}), in milliseconds.
   */
  public synchronized long longestSilenceMillis(long fromNanos) {
    long longest = 0;
    long previous = Long.MIN_VALUE;
    for (long at : frameNanos) {
      if (at < fromNanos) {
        continue;
      }
      if (previous != Long.MIN_VALUE) {
        longest = Math.max(longest, at - previous);
      }
      previous = at;
    }
    return TimeUnit.NANOSECONDS.toMillis(longest);
  }

  /** Waits until an event (not the snapshot) matches. */
  public JsonObject await(Predicate<JsonObject> match, Duration timeout)
      throws InterruptedException {
    return awaitMessage(m -> isEvent(m) && match.test(m), timeout);
  }

  /** Waits until a message, the snapshot included, matches. */
  public synchronized JsonObject awaitMessage(Predicate<JsonObject> match, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (true) {
      for (; seen < messages.size(); seen++) {
        if (match.test(messages.get(seen))) {
          return messages.get(seen);
        }
      }
      if (closed.isDone()) {
        throw new AssertionError("ended (" + endState() + ") before a match; " + got());
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no match within " + timeout + "; " + got());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Waits for the first message (the snapshot, or the first replayed event). */
  public JsonObject awaitFirst(Duration timeout) throws InterruptedException {
    return awaitMessage(m -> true, timeout);
  }

  /** Waits for the terminal event (end or error) of {@code requestId}. */
  public JsonObject awaitTerminal(String requestId, Duration timeout) throws InterruptedException {
    return await(
        e ->
            StreamAssertions.isTerminal(e)
                && requestId.equals(StreamAssertions.data(e).getString("requestId", null)),
        timeout);
  }

  /**
   * Waits until the server registered this subscriber: its first frame (the snapshot, sent before
   * any live event) arrived, or the socket ended.
   */
  protected final synchronized void awaitSubscribed(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (frames.isEmpty() && !closed.isDone()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no snapshot within " + timeout);
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Completes with the close code when the socket ends (-1: dropped without a close frame),
   * exceptionally when it fails.
   */
  public CompletableFuture<Integer> closed() {
    return closed.copy();
  }

  /** The close code once the socket ended (-1: dropped without a close frame), else null. */
  public Integer closeCode() {
    return closed.isDone() && !closed.isCompletedExceptionally() ? closed.join() : null;
  }

  /** The close code, waiting up to {@code timeout}. */
  public int awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (TimeoutException e) {
      throw new AssertionError("still open after " + timeout + "; " + got());
    } catch (ExecutionException e) {
      throw new AssertionError("failed instead of a close: " + e.getCause(), e.getCause());
    }
  }

  /** The close frame's reason, once closed. */
  public synchronized String closeReason() {
    return closeReason;
  }

  private String endState() {
    try {
      return "code " + closed.getNow(null) + (closeReason == null ? "" : " " + closeReason);
    } catch (RuntimeException e) {
      return e.getCause() == null ? e.toString() : e.getCause().toString();
    }
  }

  private synchronized String got() {
    return "got "
        + messages.size()
        + " messages"
        + (messages.isEmpty() ? "" : ", the last " + messages.get(messages.size() - 1));
  }
}
