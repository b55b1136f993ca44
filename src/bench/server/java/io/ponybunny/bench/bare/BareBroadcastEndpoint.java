package io.ponybunny.bench.bare;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/**
 * Benchmark baseline only, in the WAR only when the {@code bench} Maven profile builds it (source
 * set {@code src/bench/server/java}): {@code /ws/bench/bare/{goalId}} forwards a goal's events as
 * plain event frames with no sequence, snapshot, replay, queue or limits. Its first frame, {@code
 * {"type":"ready"}}, tells the client it is registered.
 */
@Dependent
@ServerEndpoint("/ws/bench/bare/{goalId}")
public class BareBroadcastEndpoint {

  @Inject BareBroadcaster broadcaster;

  private String goalId;
  private Session session;

  @OnOpen
  public void open(Session session, @PathParam("goalId") String goalId) {
    this.goalId = goalId;
    this.session = session;
    broadcaster.add(goalId, session);
    synchronized (session) {
      try {
        session.getBasicRemote().sendText("{\"type\":\"ready\"}");
      } catch (IOException | RuntimeException e) {
        close();
      }
    }
  }

  @OnClose
  public void close() {
    if (session != null) {
      broadcaster.remove(goalId, session);
    }
  }

  @OnError
  public void error(Throwable t) {
    close();
  }
}
