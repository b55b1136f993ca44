package io.ponybunny.web.websocket;

import io.ponybunny.broadcast.BroadcastManager;
import io.ponybunny.security.ChannelOwners;
import io.ponybunny.security.Identity;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /ws/goals/{goalId}[?epoch=E&since=S]}: one goal's events, after a snapshot or a replay
 * ({@code docs/streaming-protocol.md}). Only the goal's owner (or an admin) may subscribe; others
 * are closed with 1008. An id of a goal's form must name a goal that exists; any other id is a
 * free-form channel, claimed by its first user, of which each principal's sockets may make a
 * limited number. Over the connection limits the socket is closed with 1013.
 */
@Dependent
@ServerEndpoint(value = "/ws/goals/{goalId}", configurator = OriginConfigurator.class)
public class GoalStreamEndpoint {

  /** Largest inbound text message; larger ones close the socket with 1009. */
  public static final int MAX_INBOUND = ChannelSocket.MAX_INBOUND;

  private static final Pattern GOAL_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Inject BroadcastManager broadcast;
  @Inject ChannelOwners owners;
  @Inject SocketGuard guard;
  @Inject ConnectionLimits limits;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.inbound.max-per-second", defaultValue = "10")
  int maxInboundPerSecond;

  private ChannelSocket socket;

  @OnOpen
  public void open(Session session, @PathParam("goalId") String goalId) {
    if (goalId == null || !GOAL_ID.matcher(goalId).matches()) {
      ChannelSocket.close(
          session,
          CloseCodes.VIOLATED_POLICY,
          "invalid goalId: 1-128 letters, digits, '.', '_', ':' or '-'");
      return;
    }
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
    boolean goal = ChannelOwners.isGoalId(goalId);
    if (goal && !owners.goalExists(goalId)) {
      socket.refuse(session, CloseCodes.VIOLATED_POLICY, "no such goal");
      return;
    }
    if (!owners.mayUse(identity, goalId)) {
      socket.refuse(session, CloseCodes.VIOLATED_POLICY, "not your goal");
      return;
    }
    guard.opened(session, identity);
    socket.open(session, BroadcastManager.goalChannel(goalId), goal ? null : identity.name());
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
