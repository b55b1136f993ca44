package io.ponybunny.testing;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real {@code java.net.http.WebSocket} client that records every event of the streaming protocol,
 * flattening batch frames, and lets a test wait for an event without sleeping.
 */
public final class WsRecorder implements WebSocket.Listener, AutoCloseable {

  private final List<JsonObject> frames = new ArrayList<>();
  private final List<JsonObject> events = new ArrayList<>();
  private final List<Long> eventNanos = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private String closeReason;
  private WebSocket socket;

  /** Opens a socket on {@code path} (e.g. {@code /ws/goals/g1}) and waits for the handshake. */
  public static WsRecorder open(String path) {
    return openAs(path, TestServer.authorization());
  }

  /** As {@link #open} with {@code authorization} as the caller. */
  public static WsRecorder openAs(String path, String authorization) {
    WsRecorder r = connect(path, authorization).join();
    r.awaitSubscribed(Duration.ofSeconds(15));
    return r;
  }

  /**
   * A socket that may be refused: {@code socket} once the server subscribed it or closed it at once
   * (see {@link #closeCode}), else the HTTP status that refused the handshake.
   */
  public record Attempt(WsRecorder socket, int status) {}

  /** Tries to open a socket on {@code path} as {@code authorization}. */
  public static Attempt attempt(String path, String authorization) {
    WsRecorder r;
    try {
      r = connect(path, authorization).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
        return new Attempt(null, h.getResponse().statusCode());
      }
      throw e;
    }
    r.awaitSubscribed(Duration.ofSeconds(15));
    return new Attempt(r, 101);
  }

  private static CompletableFuture<WsRecorder> connect(String path, String authorization) {
    WsRecorder r = new WsRecorder();
    return TestServer.http()
        .newWebSocketBuilder()
        .header("Authorization", authorization)
        .connectTimeout(Duration.ofSeconds(10))
        .buildAsync(URI.create(TestServer.WS + path), r)
        .orTimeout(15, TimeUnit.SECONDS)
        .thenApply(
            socket -> {
              r.socket = socket;
              return r;
            });
  }

  /**
   * Waits until the server registered this subscriber: its first frame (the snapshot, sent before
   * any live event) arrived, or the server closed the socket.
   */
  private synchronized void awaitSubscribed(Duration timeout) {
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

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      long now = System.nanoTime();
      JsonObject frame = TestServer.json(partial.toString());
      partial.setLength(0);
      synchronized (this) {
        frames.add(frame);
        if ("batch".equals(frame.getString("type", null))) {
          for (JsonValue v : frame.getJsonArray("events")) {
            events.add(v.asJsonObject());
            eventNanos.add(now);
          }
        } else if ("event".equals(frame.getString("type", null))) {
          events.add(frame);
          eventNanos.add(now);
        }
        notifyAll();
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    synchronized (this) {
      closeReason = reason;
      closed.complete(statusCode); // before waking the waiters, which check it
      notifyAll();
    }
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    synchronized (this) {
      closed.completeExceptionally(error);
      notifyAll();
    }
  }

  /** Events (type "event", batches flattened) received so far. */
  public synchronized List<JsonObject> events() {
    return List.copyOf(events);
  }

  /** When each event named {@code name} arrived ({@link System#nanoTime}), in order. */
  public synchronized List<Long> arrivalNanos(String name) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (name.equals(events.get(i).getString("event", null))) {
        out.add(eventNanos.get(i));
      }
    }
    return out;
  }

  /** The close code if the server closed the socket, else null (open). */
  public Integer closeCode() {
    return closed.isDone() && !closed.isCompletedExceptionally() ? closed.join() : null;
  }

  /** Raw frames received so far. */
  public synchronized List<JsonObject> frames() {
    return List.copyOf(frames);
  }

  /** Waits until an event matches; fails after {@code timeout}. */
  public synchronized JsonObject await(Predicate<JsonObject> match, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (true) {
      for (; seen < events.size(); seen++) {
        if (match.test(events.get(seen))) {
          return events.get(seen);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no matching event within " + timeout + "; got " + events);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Waits for the terminal event (end or error) of {@code requestId}. */
  public JsonObject awaitTerminal(String requestId, Duration timeout) throws InterruptedException {
    return await(
        e ->
            requestId.equals(e.getJsonObject("data").getString("requestId", null))
                && ("llm.stream.end".equals(e.getString("event"))
                    || "llm.stream.error".equals(e.getString("event"))),
        timeout);
  }

  /** The close code, waiting up to {@code timeout}. */
  public int awaitClose(Duration timeout) {
    return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  public synchronized String closeReason() {
    return closeReason;
  }

  /** The socket, for sending. */
  public WebSocket socket() {
    return socket;
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
    socket.abort();
  }
}
