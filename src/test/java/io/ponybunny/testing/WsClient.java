package io.ponybunny.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A {@code java.net.http.WebSocket} client of the streaming protocol that records what it receives
 * ({@link WsRecording}); it can read cheaply ({@link #lazy}) and drop the connection after a number
 * of events. It is the JDK's client, not {@link RawWsClient}, because most tests want what a client
 * library does for them: handshake headers and a refused handshake's status, sending (masked)
 * messages, and the close handshake.
 *
 * <p>{@link #open} waits until the server subscribed the socket (its first frame arrived, or it was
 * closed at once); {@link Connector#connect} does not.
 */
public final class WsClient extends WsRecording implements WebSocket.Listener, AutoCloseable {

  private static final Duration CONNECT = Duration.ofSeconds(20);
  private static final Duration HANDSHAKE = Duration.ofSeconds(30);
  private static final Duration SUBSCRIBED = Duration.ofSeconds(30);

  private final StringBuilder partial = new StringBuilder();
  private final int dropAfterEvents;
  private volatile boolean lazy;
  private WebSocket socket;

  private WsClient(int dropAfterEvents) {
    this.dropAfterEvents = dropAfterEvents;
  }

  /**
   * Opens a socket on {@code path} (e.g. {@code /ws/goals/g1}) as the ITs' admin and waits until
   * the server subscribed it.
   */
  public static WsClient open(String path) {
    return to(path).open();
  }

  /** A socket on {@code path}, as the ITs' admin unless {@link Connector#as} says otherwise. */
  public static Connector to(String path) {
    return to(URI.create(TestServer.WS + path));
  }

  /** A socket on {@code uri}, a server of its own. */
  static Connector to(URI uri) {
    return new Connector(uri);
  }

  /**
   * A socket that may be refused: {@code socket} once the server subscribed it or closed it at once
   * (see {@link #closeCode}), else the HTTP status that refused the handshake.
   */
  public record Attempt(WsClient socket, int status) {}

  /** How to open one socket. */
  public static final class Connector {

    private final URI uri;
    private boolean admin = true;
    private String authorization;
    private String origin;
    private int dropAfterEvents = Integer.MAX_VALUE;
    private boolean ownHttpClient;

    private Connector(URI uri) {
      this.uri = uri;
    }

    /** {@code authorization} as the handshake's {@code Authorization} header (null: none). */
    public Connector as(String authorization) {
      this.admin = false;
      this.authorization = authorization;
      return this;
    }

    /** {@code origin} as the handshake's {@code Origin} header. */
    public Connector origin(String origin) {
      this.origin = origin;
      return this;
    }

    /** After the frame that brings the events received to {@code n}, aborts the connection. */
    public Connector dropAfterEvents(int n) {
      this.dropAfterEvents = n;
      return this;
    }

    /** Its own {@link HttpClient} (its own selector thread), not the ITs' shared one. */
    public Connector ownHttpClient() {
      this.ownHttpClient = true;
      return this;
    }

    /**
     * Does the handshake without waiting for a frame; completes exceptionally (a {@link
     * WebSocketHandshakeException}) when the handshake is refused.
     */
    public CompletableFuture<WsClient> connect() {
      WsClient c = new WsClient(dropAfterEvents);
      HttpClient http = ownHttpClient ? HttpClient.newHttpClient() : TestServer.http();
      WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT);
      String auth = admin ? TestServer.authorization() : authorization;
      if (auth != null) {
        builder.header("Authorization", auth);
      }
      if (origin != null) {
        builder.header("Origin", origin);
      }
      return builder
          .buildAsync(uri, c)
          .orTimeout(HANDSHAKE.toSeconds(), TimeUnit.SECONDS)
          .thenApply(
              ws -> {
                c.socket = ws;
                return c;
              });
    }

    /** Connects and waits until the server subscribed the socket (or closed it at once). */
    public WsClient open() {
      WsClient c = connect().join();
      c.awaitSubscribed(SUBSCRIBED);
      return c;
    }

    /** As {@link #open}, or the status of a refused handshake. */
    public Attempt attempt() {
      WsClient c;
      try {
        c = connect().join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof WebSocketHandshakeException h) {
          return new Attempt(null, h.getResponse().statusCode());
        }
        throw e;
      }
      c.awaitSubscribed(SUBSCRIBED);
      return new Attempt(c, 101);
    }
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last && lazy && partial.indexOf("llm.stream.end") < 0) {
      partial.setLength(0); // lazy: a frame without an end event is neither parsed nor kept
    } else if (last) {
      long now = System.nanoTime();
      String text = partial.toString();
      partial.setLength(0);
      if (record(TestServer.json(text), now) >= dropAfterEvents) {
        webSocket.abort();
        ended(-1, null);
        return null;
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    ended(statusCode, reason);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    failed(error);
  }

  /** From now on keep (and parse) only frames with an end event: a cheap fast reader. */
  public void lazy() {
    lazy = true;
  }

  /** The socket, for sending. */
  public WebSocket socket() {
    return socket;
  }

  /** Sends a close frame if it can, and aborts the connection. */
  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
    socket.abort();
  }
}
