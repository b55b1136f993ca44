package io.ponybunny.broadcast.transport;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket session for unit tests: records the frames sent through its async remote, completes
 * each send at once (or holds it until {@link #completeSend} when {@code manual}), and fails the
 * test on a send while another is in flight. Its basic remote's blocking sends record frames too,
 * and can be held ({@link #basicGate}) or failed ({@link #basicFails}).
 */
public final class FakeSession {

  public final Session session;
  private final boolean manual;
  private final List<String> frames = new ArrayList<>();
  private final List<SendHandler> pending = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  public volatile boolean open = true;
  public volatile CloseReason closeReason;
  public volatile boolean overlappingSend;

  /** Blocking sends wait for this latch (a client that stops reading), when set. */
  public volatile CountDownLatch basicGate;

  /** How many blocking sends were made. */
  public final AtomicInteger basicSends = new AtomicInteger();

  /** Blocking sends fail with an IOException, when set. */
  public volatile boolean basicFails;

  public FakeSession(boolean manual) {
    this(manual, Map.of(), Map.of());
  }

  /**
   * A session whose handshake left {@code userProperties} (e.g. the caller's identity) and whose
   * request had {@code query}, as the endpoints see one.
   */
  public FakeSession(
      boolean manual, Map<String, Object> userProperties, Map<String, List<String>> query) {
    this.manual = manual;
    RemoteEndpoint.Async async =
        (RemoteEndpoint.Async)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class},
                (p, m, args) -> {
                  if (m.getName().equals("sendText") && args.length == 2) {
                    send((String) args[0], (SendHandler) args[1]);
                    return null;
                  }
                  throw new UnsupportedOperationException(m.getName());
                });
    RemoteEndpoint.Basic basic =
        (RemoteEndpoint.Basic)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Basic.class},
                (p, m, args) -> {
                  if (m.getName().equals("sendText") && args.length == 1) {
                    sendBlocking((String) args[0]);
                    return null;
                  }
                  throw new UnsupportedOperationException(m.getName());
                });
    session =
        (Session)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Session.class},
                (p, m, args) ->
                    switch (m.getName()) {
                      case "getAsyncRemote" -> async;
                      case "getUserProperties" -> userProperties;
                      case "getRequestParameterMap" -> query;
                      case "getOpenSessions" -> Set.of();
                      case "setMaxTextMessageBufferSize", "setMaxBinaryMessageBufferSize" -> null;
                      case "getBasicRemote" -> basic;
                      case "isOpen" -> open;
                      case "close" -> {
                        synchronized (this) {
                          closeReason = args == null ? null : (CloseReason) args[0];
                          open = false;
                          notifyAll();
                        }
                        yield null;
                      }
                      case "hashCode" -> System.identityHashCode(p);
                      case "equals" -> p == args[0];
                      case "toString" -> "FakeSession";
                      default -> throw new UnsupportedOperationException(m.getName());
                    });
  }

  private void send(String text, SendHandler handler) {
    if (inFlight.incrementAndGet() > 1) {
      overlappingSend = true;
    }
    synchronized (this) {
      frames.add(text);
      notifyAll();
      if (manual) {
        pending.add(handler);
        return;
      }
    }
    inFlight.decrementAndGet();
    handler.onResult(new SendResult());
  }

  private void sendBlocking(String text) throws IOException, InterruptedException {
    basicSends.incrementAndGet();
    if (inFlight.incrementAndGet() > 1) {
      overlappingSend = true;
    }
    try {
      CountDownLatch gate = basicGate;
      if (gate != null) {
        gate.await();
      }
      if (basicFails || !open) {
        throw new IOException("connection closed");
      }
      synchronized (this) {
        frames.add(text);
        notifyAll();
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Completes the oldest held send; returns false if none is held. */
  public boolean completeSend() {
    SendHandler h;
    synchronized (this) {
      if (pending.isEmpty()) {
        return false;
      }
      h = pending.remove(0);
    }
    inFlight.decrementAndGet();
    h.onResult(new SendResult());
    return true;
  }

  /** Waits until {@code n} messages were sent (events of a batch frame count one each). */
  public synchronized void awaitMessages(int n, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    int got;
    while ((got = messages().size()) < n) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError("only " + got + " of " + n + " messages sent");
      }
      wait(left);
    }
  }

  /** Waits until the session is closed, at most {@code timeoutMillis}; whether it is. */
  public synchronized boolean awaitClosed(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (open) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  /** Waits until {@code n} frames were sent. */
  public synchronized void awaitFrames(int n, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (frames.size() < n) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError("only " + frames.size() + " of " + n + " frames sent");
      }
      wait(left);
    }
  }

  public synchronized List<String> frames() {
    return List.copyOf(frames);
  }

  /** Every frame decoded, batches flattened into their events. */
  public synchronized List<JsonObject> messages() {
    List<JsonObject> out = new ArrayList<>();
    for (String f : frames) {
      JsonObject o = json(f);
      if ("batch".equals(o.getString("type"))) {
        for (JsonValue v : o.getJsonArray("events")) {
          out.add(v.asJsonObject());
        }
      } else {
        out.add(o);
      }
    }
    return out;
  }

  public static JsonObject json(String text) {
    try (var r = Json.createReader(new StringReader(text))) {
      return r.readObject();
    }
  }
}
