package io.ponybunny.web.websocket;

import io.ponybunny.stream.BroadcastManager;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /ws/streams[?epoch=E&since=S]}: every event, for the streams page, after a snapshot or a
 * replay ({@code docs/streaming-protocol.md}).
 */
@Dependent
@ServerEndpoint(value = "/ws/streams", configurator = OriginConfigurator.class)
public class AllStreamsEndpoint {

  @Inject BroadcastManager broadcast;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.inbound.max-per-second", defaultValue = "10")
  int maxInboundPerSecond;

  private ChannelSocket socket;

  @OnOpen
  public void open(Session session) {
    socket = new ChannelSocket(broadcast, maxInboundPerSecond);
    socket.open(session, null);
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
  public void close() {
    if (socket != null) {
      socket.closed();
    }
  }

  @OnError
  public void error(Throwable t) {
    close();
  }
}
