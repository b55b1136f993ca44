package io.ponybunny.web.websocket;

import io.ponybunny.broadcast.BroadcastManager;
import io.ponybunny.security.Identity;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /ws/streams[?epoch=E&since=S]}: for the streams page, after a snapshot or a replay ({@code
 * docs/streaming-protocol.md}): every event for admins, the caller's own streams and goals for
 * everyone else. Over the connection limits the socket is closed with 1013.
 */
@Dependent
@ServerEndpoint(value = "/ws/streams", configurator = OriginConfigurator.class)
public class AllStreamsEndpoint {

  @Inject BroadcastManager broadcast;
  @Inject SocketGuard guard;
  @Inject ConnectionLimits limits;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.inbound.max-per-second", defaultValue = "10")
  int maxInboundPerSecond;

  private ChannelSocket socket;

  @OnOpen
  public void open(Session session) {
    Identity identity = OriginConfigurator.identity(session);
    if (identity == null) {
      ChannelSocket.close(session, CloseCodes.VIOLATED_POLICY, "not signed in");
      return;
    }
    ChannelSocket admitted = new ChannelSocket(broadcast, limits, maxInboundPerSecond);
    if (!admitted.admit(session, identity.name())) {
      return;
    }
    socket = admitted;
    guard.opened(session, identity);
    socket.open(
        session,
        identity.isAdmin()
            ? BroadcastManager.ALL_STREAMS
            : BroadcastManager.ownerChannel(identity.name()));
  }

  @OnMessage
  public void message(Session session, String text, boolean last) {
    if (socket != null) {
      socket.message(session, text.length(), last);
    }
  }

  @OnMessage
  public void binary(Session session, ByteBuffer data, boolean last) {
    if (socket != null) {
      socket.message(session, data.remaining(), last);
    }
  }

  @OnClose
  public void close(Session session) {
    guard.closed(session);
    if (socket != null) {
      socket.closed();
    }
  }

  @OnError
  public void error(Session session, Throwable t) {
    close(session);
  }
}
