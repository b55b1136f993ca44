package io.ponybunny.broadcast.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;

/**
 * Where one subscriber's frames go: a WebSocket session ({@link #of(Session)}) or a server-sent
 * event stream ({@code web.sse}). Its {@link SessionSender} never starts a send while one is in
 * flight, so an implementation needs no ordering of its own.
 */
public interface Wire {

  /** Starts sending {@code frame} without waiting for the client; {@code done} gets the outcome. */
  void sendAsync(String frame, SendHandler done);

  /** Sends {@code frame}, returning once it is written; throws when it could not be. */
  void sendBlocking(String frame) throws IOException;

  /**
   * Whether blocking sends on the writer threads suit this wire ({@link SocketWriters}); false
   * sends every frame through {@link #sendAsync}.
   */
  boolean blockingSends();

  /** Whether the client is still connected, as far as the wire knows. */
  boolean isOpen();

  /** Ends the connection with {@code reason} (its code and text tell the client why). */
  void close(CloseReason reason) throws IOException;

  /** The wire of a WebSocket session. */
  static Wire of(Session session) {
    return new SocketWire(session);
  }

  /** A WebSocket session's wire: its asynchronous and basic remotes and its close. */
  record SocketWire(Session session) implements Wire {

    @Override
    public void sendAsync(String frame, SendHandler done) {
      session.getAsyncRemote().sendText(frame, done);
    }

    @Override
    public void sendBlocking(String frame) throws IOException {
      session.getBasicRemote().sendText(frame);
    }

    @Override
    public boolean blockingSends() {
      return true;
    }

    @Override
    public boolean isOpen() {
      return session.isOpen();
    }

    @Override
    public void close(CloseReason reason) throws IOException {
      session.close(reason);
    }
  }
}
