package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.broadcast.BroadcastManager;
import io.ponybunny.broadcast.BroadcastSettings;
import io.ponybunny.security.ChannelOwners;
import io.ponybunny.security.Identity;
import io.ponybunny.security.Role;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The endpoint's admission on fake sessions: connection limits, goals that exist, free channels.
 */
class GoalStreamEndpointTest {

  private static final String GOAL = "g_0123456789abcdef0123456789abcdef";
  private static final String MISSING = "g_ffffffffffffffffffffffffffffffff";

  /** Owners where {@link #GOAL} exists and every channel is usable. */
  private static final class Owners extends ChannelOwners {
    @Override
    public boolean goalExists(String goalId) {
      return GOAL.equals(goalId);
    }

    @Override
    public boolean mayUse(Identity identity, String goalId) {
      return true;
    }
  }

  /** A socket: its identity, and how it was closed (null while open). */
  private static final class Socket {
    final Session session;
    volatile CloseReason closed;

    Socket(String principal) {
      Map<String, Object> props = new HashMap<>();
      props.put(
          Identity.ATTRIBUTE,
          new Identity(principal, Role.OPERATOR, Identity.Via.KEY, "k", null, null));
      RemoteEndpoint.Async async =
          (RemoteEndpoint.Async)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {RemoteEndpoint.Async.class},
                  (p, m, args) -> {
                    ((SendHandler) args[1]).onResult(new SendResult());
                    return null;
                  });
      session =
          (Session)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {Session.class},
                  (p, m, args) ->
                      switch (m.getName()) {
                        case "getUserProperties" -> props;
                        case "getRequestParameterMap" -> Map.<String, List<String>>of();
                        case "getAsyncRemote" -> async;
                        case "isOpen" -> closed == null;
                        case "close" -> {
                          closed = (CloseReason) args[0];
                          yield null;
                        }
                        case "hashCode" -> System.identityHashCode(p);
                        case "equals" -> p == args[0];
                        case "getOpenSessions" -> Set.of();
                        default -> null; // buffer sizes
                      });
    }
  }

  private final ConnectionLimits limits = ConnectionLimits.of(100, 2);
  private final BroadcastManager broadcast =
      BroadcastManager.create(
          new BroadcastSettings(1 << 20, 100, 60_000, 10, 1000, 0, 0, 1), null, null);

  private GoalStreamEndpoint open(Socket socket, String goalId) {
    GoalStreamEndpoint e = new GoalStreamEndpoint();
    e.broadcast = broadcast;
    e.owners = new Owners();
    e.guard = new SocketGuard();
    e.limits = limits;
    e.maxInboundPerSecond = 10;
    e.open(socket.session, goalId);
    return e;
  }

  @Test
  void aPrincipalOverItsConnectionLimitIsClosedWith1013UntilOneOfItsSocketsCloses() {
    Socket first = new Socket("alice");
    GoalStreamEndpoint firstEndpoint = open(first, GOAL);
    open(new Socket("alice"), GOAL);
    Socket third = new Socket("alice");
    open(third, GOAL);
    assertNull(first.closed);
    assertEquals(1013, third.closed.getCloseCode().getCode());
    assertEquals("too many connections for this principal", third.closed.getReasonPhrase());
    Socket bobs = new Socket("bob");
    open(bobs, GOAL);
    assertNull(bobs.closed, "bob has his own places");

    firstEndpoint.error(first.session, new RuntimeException("reset"));
    firstEndpoint.close(first.session); // the container calls both: released once
    assertEquals(1, limits.open("alice"));
    Socket again = new Socket("alice");
    open(again, GOAL);
    assertNull(again.closed);
    assertEquals(2, limits.open("alice"));
  }

  @Test
  void anIdOfAGoalsFormThatNamesNoGoalIsClosedWith1008AndMakesNoChannel() {
    Socket s = new Socket("alice");
    GoalStreamEndpoint e = open(s, MISSING);
    assertEquals(1008, s.closed.getCloseCode().getCode());
    assertEquals("no such goal", s.closed.getReasonPhrase());
    assertEquals(0, limits.open("alice"), "its place was given back");
    e.close(s.session);
    assertEquals(0, limits.open("alice"));
  }

  @Test
  void aPrincipalsSocketsMakeAtMostItsMaximumOfFreeFormChannels() {
    Socket mine = new Socket("alice");
    open(mine, "my-channel");
    assertNull(mine.closed);
    Socket second = new Socket("alice");
    open(second, "my-other-channel");
    assertEquals(1008, second.closed.getCloseCode().getCode());
    assertTrue(
        second.closed.getReasonPhrase().startsWith("too many channels"),
        second.closed.getReasonPhrase());
    assertEquals(1, limits.open("alice"), "the refused socket gave its place back");
    Socket same = new Socket("alice");
    open(same, "my-channel");
    assertNull(same.closed, "an existing channel makes nothing new");
    Socket bobs = new Socket("bob");
    open(bobs, "bobs-channel");
    assertNull(bobs.closed, "bob has his own");
    Socket goal = new Socket("bob");
    open(goal, GOAL);
    assertNull(goal.closed, "goals' channels are not free-form");
  }
}
