package io.ponybunny.web.websocket;

import io.ponybunny.testing.TestServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code java.net.http.WebSocket} client of the streaming protocol for the broadcast ITs: records
 * every message (snapshot frames, and events with batches flattened), can stop reading ({@link
 * #pause}) and can drop the connection after a given number of events.
 */
public final class ChannelClient implements WebSocket.Listener {

  private final List<JsonObject> messages = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private volatile boolean paused;
  private volatile boolean lazy;
  private long frames;
  private final int dropAfterEvents;
  private int events;
  private String closeReason;
  private WebSocket socket;

  private ChannelClient(int dropAfterEvents) {
    this.dropAfterEvents = dropAfterEvents;
  }

  static ChannelClient open(String path) {
    return open(path, Integer.MAX_VALUE);
  }

  /**
   * Opens {@code path}; after the frame that brings the count to {@code dropAfterEvents}, aborts.
   */
  static ChannelClient open(String path, int dropAfterEvents) {
    return openAsync(path, dropAfterEvents).join();
  }

  static CompletableFuture<ChannelClient> openAsync(String path, int dropAfterEvents) {
    return openAsync(TestServer.http(), path, dropAfterEvents);
  }

  /** Opens {@code path} with its own {@link HttpClient} (its own selector thread). */
  static ChannelClient openOwn(String path) {
    return openAsync(HttpClient.newHttpClient(), path, Integer.MAX_VALUE).join();
  }

  /**
   * Opens {@code path} with {@code authorization} as the handshake's {@code Authorization} header
   * (null: none); completes exceptionally when the handshake is refused.
   */
  public static CompletableFuture<ChannelClient> openAs(String path, String authorization) {
    return openAsync(TestServer.http(), path, Integer.MAX_VALUE, authorization);
  }

  private static CompletableFuture<ChannelClient> openAsync(
      HttpClient http, String path, int dropAfterEvents) {
    return openAsync(http, path, dropAfterEvents, TestServer.authorization());
  }

  private static CompletableFuture<ChannelClient> openAsync(
      HttpClient http, String path, int dropAfterEvents, String authorization) {
    ChannelClient c = new ChannelClient(dropAfterEvents);
    WebSocket.Builder builder = http.newWebSocketBuilder();
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder
        .connectTimeout(Duration.ofSeconds(20))
        .buildAsync(URI.create(TestServer.WS + path), c)
        .orTimeout(30, TimeUnit.SECONDS)
        .thenApply(
            ws -> {
              c.socket = ws;
              return c;
            });
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last && lazy && partial.indexOf("llm.stream.end") < 0) {
      // Lazy: frames without a terminal event are only counted, not parsed or kept.
      partial.setLength(0);
      synchronized (this) {
        frames++;
      }
    } else if (last) {
      JsonObject frame = TestServer.json(partial.toString());
      partial.setLength(0);
      boolean drop;
      synchronized (this) {
        if ("batch".equals(frame.getString("type"))) {
          for (JsonValue v : frame.getJsonArray("events")) {
            messages.add(v.asJsonObject());
            events++;
          }
        } else {
          messages.add(frame);
          if ("event".equals(frame.getString("type"))) {
            events++;
          }
        }
        drop = events >= dropAfterEvents;
        notifyAll();
      }
      if (drop) {
        webSocket.abort();
        closed.complete(-1);
        return null;
      }
    }
    if (!paused) {
      webSocket.request(1);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    synchronized (this) {
      closeReason = reason;
      notifyAll();
    }
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
    synchronized (this) {
      notifyAll();
    }
  }

  /** From now on keep (and parse) only frames with an end event: a cheap fast reader. */
  void lazy() {
    lazy = true;
  }

  /** Stops reading: the client requests no more messages. */
  void pause() {
    paused = true;
  }

  /** Reads again, everything. */
  void resume() {
    paused = false;
    socket.request(Long.MAX_VALUE);
  }

  synchronized List<JsonObject> messages() {
    return List.copyOf(messages);
  }

  /** Event messages only (no snapshot). */
  public synchronized List<JsonObject> events() {
    return messages.stream().filter(m -> "event".equals(m.getString("type"))).toList();
  }

  /** Waits until a message matches. */
  public synchronized JsonObject await(Predicate<JsonObject> match, Duration timeout)
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
        throw new AssertionError(
            "closed (" + closeState() + ") before a match; got " + messages.size());
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no match within " + timeout + "; got " + messages.size());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Waits for the terminal event of {@code requestId}. */
  public JsonObject awaitTerminal(String requestId, Duration timeout) throws InterruptedException {
    return await(m -> isTerminal(m) && requestId.equals(data(m).getString("requestId")), timeout);
  }

  /** Waits for the first message (a snapshot, or the first replayed event). */
  public JsonObject awaitFirst(Duration timeout) throws InterruptedException {
    return await(m -> true, timeout);
  }

  public CompletableFuture<Integer> closed() {
    return closed;
  }

  public synchronized String closeReason() {
    return closeReason;
  }

  private String closeState() {
    try {
      return "code " + closed.getNow(null);
    } catch (RuntimeException e) {
      return e.getCause() == null ? e.toString() : e.getCause().toString();
    }
  }

  WebSocket socket() {
    return socket;
  }

  public void close() {
    if (socket != null && !socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
    if (socket != null) {
      socket.abort();
    }
  }

  static boolean isTerminal(JsonObject m) {
    String e = m.getString("event", "");
    return e.equals("llm.stream.end") || e.equals("llm.stream.error");
  }

  public static JsonObject data(JsonObject event) {
    return event.getJsonObject("data");
  }

  /** Starts a streamed completion; the future completes with the response JSON. */
  static CompletableFuture<JsonObject> complete(String goal, String model, String prompt) {
    return completeAs(TestServer.authorization(), goal, model, prompt);
  }

  /** As {@link #complete} with {@code authorization} as the caller. */
  public static CompletableFuture<JsonObject> completeAs(
      String authorization, String goal, String model, String prompt) {
    String body =
        "{\"model\":\""
            + model
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
            + prompt
            + "\"}],\"goalId\":\""
            + goal
            + "\",\"stream\":true}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(TestServer.HTTP + "/api/completions"))
            .header("Authorization", authorization)
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return TestServer.http()
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            r -> {
              if (r.statusCode() != 200) {
                throw new AssertionError("completion: " + r.statusCode() + " " + r.body());
              }
              return TestServer.json(r.body());
            });
  }

  /**
   * Runs {@code n} streamed completions on {@code goal} at once (prompts {@code prompt + " " + i})
   * and waits for every answer; returns their request ids in order.
   */
  static List<String> completeAll(String goal, String model, String prompt, int n, Duration wait)
      throws Exception {
    List<CompletableFuture<JsonObject>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(complete(goal, model, prompt + " " + i));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .get(wait.toSeconds(), TimeUnit.SECONDS);
    List<String> ids = new ArrayList<>();
    for (CompletableFuture<JsonObject> call : calls) {
      ids.add(call.join().getString("requestId"));
    }
    return ids;
  }
}
