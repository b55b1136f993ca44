package io.ponybunny.web.websocket;

import io.ponybunny.broadcast.BroadcastManager;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/**
 * {@code /ws/streams[?epoch=E&since=S]}: for the streams page, after a snapshot or a replay ({@code
 * docs/streaming-protocol.md}): every event for admins, the caller's own streams and goals for
 * everyone else. The socket's lifecycle (limits, close codes) is its {@link ChannelSocket}'s.
 */
@Dependent
@ServerEndpoint(value = "/ws/streams", configurator = OriginConfigurator.class)
public class AllStreamsEndpoint {

  /** Admins see every event; anyone else the channel of their own streams and goals. */
  static final ChannelAccess ACCESS =
      identity ->
          ChannelAccess.Grant.to(
              identity.isAdmin()
                  ? BroadcastManager.ALL_STREAMS
                  : BroadcastManager.ownerChannel(identity.name()));

  @Inject ChannelSocket socket;

  @OnOpen
  public void open(Session session) {
    socket.open(session, ACCESS);
  }

  @OnMessage
  public void message(Session session, String text, boolean last) {
    socket.message(session, text.length(), last);
  }

  @OnMessage
  public void binary(Session session, ByteBuffer data, boolean last) {
    socket.message(session, data.remaining(), last);
  }

  @OnClose
  public void close(Session session) {
    socket.closed(session);
  }

  @OnError
  public void error(Session session, Throwable t) {
    socket.closed(session);
  }
}
