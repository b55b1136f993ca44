package io.ponybunny.web.websocket;

import io.ponybunny.broadcast.BroadcastManager;
import io.ponybunny.security.ChannelOwners;
import io.ponybunny.security.Identity;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;

/**
 * {@code /ws/goals/{goalId}[?epoch=E&since=S]}: one goal's events, after a snapshot or a replay
 * ({@code docs/streaming-protocol.md}). Only the goal's owner (or an admin) may subscribe; others
 * are closed with 1008. An id of a goal's form must name a goal that exists; any other id is a
 * free-form channel, claimed by its first user, of which each principal's sockets may make a
 * limited number. The socket's lifecycle (limits, close codes) is its {@link ChannelSocket}'s.
 */
@Dependent
@ServerEndpoint(value = "/ws/goals/{goalId}", configurator = OriginConfigurator.class)
public class GoalStreamEndpoint {

  /** Largest inbound text message; larger ones close the socket with 1009. */
  public static final int MAX_INBOUND = ChannelSocket.MAX_INBOUND;

  @Inject ChannelSocket socket;
  @Inject ChannelOwners owners;

  @OnOpen
  public void open(Session session, @PathParam("goalId") String goalId) {
    socket.open(session, new GoalAccess(goalId, owners));
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

  /**
   * The goal's channel for its owner or an admin; a free-form channel (an id not of a goal's form)
   * for anyone it allows, made within the caller's limit. Also decides for {@code GET
   * /api/goals/{goalId}/events}.
   */
  public record GoalAccess(String goalId, ChannelOwners owners) implements ChannelAccess {

    private static final Pattern GOAL_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public String malformed() {
      return goalId == null || !GOAL_ID.matcher(goalId).matches()
          ? "invalid goalId: 1-128 letters, digits, '.', '_', ':' or '-'"
          : null;
    }

    @Override
    public Grant grant(Identity identity) {
      boolean goal = ChannelOwners.isGoalId(goalId);
      if (goal && !owners.goalExists(goalId)) {
        return Grant.refused("no such goal");
      }
      if (!owners.mayUse(identity, goalId)) {
        return Grant.refused("not your goal");
      }
      String channel = BroadcastManager.goalChannel(goalId);
      return goal ? Grant.to(channel) : Grant.free(channel, identity.name());
    }
  }
}
