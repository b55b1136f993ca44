package io.ponybunny.web.websocket;

import io.ponybunny.stream.BroadcastManager;
import io.ponybunny.stream.SessionSender;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/** {@code /ws/streams}: every {@code llm.stream.*} event, for the streams page. */
@Dependent
@ServerEndpoint("/ws/streams")
public class AllStreamsEndpoint {

  @Inject BroadcastManager broadcast;

  private SessionSender sender;

  @OnOpen
  public void open(Session session) {
    session.setMaxTextMessageBufferSize(GoalStreamEndpoint.MAX_INBOUND);
    sender = broadcast.subscribeAll(session);
  }

  @OnMessage
  public void message(String text) {
    // The channel is server-to-client; inbound text is accepted and ignored.
  }

  @OnClose
  public void close() {
    if (sender != null) {
      broadcast.unsubscribeAll(sender);
    }
  }

  @OnError
  public void error(Throwable t) {
    close();
  }
}
