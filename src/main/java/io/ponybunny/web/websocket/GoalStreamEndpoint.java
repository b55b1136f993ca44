package io.ponybunny.web.websocket;

import io.ponybunny.stream.BroadcastManager;
import io.ponybunny.stream.SessionSender;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.regex.Pattern;

/** {@code /ws/goals/{goalId}}: the live {@code llm.stream.*} events of one goal. */
@Dependent
@ServerEndpoint("/ws/goals/{goalId}")
public class GoalStreamEndpoint {

  /** Largest inbound text message; larger ones close the socket with 1009. */
  public static final int MAX_INBOUND = 16 * 1024;

  private static final Pattern GOAL_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Inject BroadcastManager broadcast;

  private SessionSender sender;
  private String goalId;

  @OnOpen
  public void open(Session session, @PathParam("goalId") String goalId) throws IOException {
    session.setMaxTextMessageBufferSize(MAX_INBOUND);
    if (goalId == null || !GOAL_ID.matcher(goalId).matches()) {
      session.close(
          new CloseReason(
              CloseReason.CloseCodes.VIOLATED_POLICY,
              "invalid goalId: 1-128 letters, digits, '.', '_', ':' or '-'"));
      return;
    }
    this.goalId = goalId;
    this.sender = broadcast.subscribeGoal(session, goalId);
  }

  @OnMessage
  public void message(String text) {
    // The channel is server-to-client; inbound text is accepted and ignored.
  }

  @OnClose
  public void close() {
    if (sender != null) {
      broadcast.unsubscribeGoal(sender, goalId);
    }
  }

  @OnError
  public void error(Throwable t) {
    close();
  }
}
