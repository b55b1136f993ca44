package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.broadcast.BroadcastManager;
import io.ponybunny.broadcast.BroadcastSettings;
import io.ponybunny.security.ChannelOwners;
import io.ponybunny.security.Identity;
import io.ponybunny.security.Role;
import org.junit.jupiter.api.Test;

/**
 * The endpoint's admission on fake sessions: connection limits, goals that exist, free channels.
 */
class GoalStreamEndpointTest {

  private static final String GOAL = "g_0123456789abcdef0123456789abcdef";
  private static final String MISSING = "g_ffffffffffffffffffffffffffffffff";

  /** Owners where {@link #GOAL} exists and every channel is usable. */
  private static class Owners extends ChannelOwners {
    @Override
    public boolean goalExists(String goalId) {
      return GOAL.equals(goalId);
    }

    @Override
    public boolean mayUse(Identity identity, String goalId) {
      return true;
    }
  }

  private final ConnectionLimits limits = ConnectionLimits.of(100, 2);
  private final BroadcastManager broadcast =
      BroadcastManager.create(
          new BroadcastSettings(1 << 20, 100, 60_000, 10, 1000, 0, 0, 1, 0), null, null);

  private GoalStreamEndpoint open(TestSocket socket, String goalId) {
    GoalStreamEndpoint e = new GoalStreamEndpoint();
    e.socket = ChannelSocket.of(broadcast, limits, new SocketGuard(), 10);
    e.owners = new Owners();
    e.open(socket.session, goalId);
    return e;
  }

  @Test
  void aPrincipalOverItsConnectionLimitIsClosedWith1013UntilOneOfItsSocketsCloses() {
    TestSocket first = new TestSocket("alice");
    GoalStreamEndpoint firstEndpoint = open(first, GOAL);
    open(new TestSocket("alice"), GOAL);
    TestSocket third = new TestSocket("alice");
    open(third, GOAL);
    assertNull(first.closed());
    assertEquals(1013, third.closed().getCloseCode().getCode());
    assertEquals("too many connections for this principal", third.closed().getReasonPhrase());
    TestSocket bobs = new TestSocket("bob");
    open(bobs, GOAL);
    assertNull(bobs.closed(), "bob has his own places");

    firstEndpoint.error(first.session, new RuntimeException("reset"));
    firstEndpoint.close(first.session); // the container calls both: released once
    assertEquals(1, limits.open("alice"));
    TestSocket again = new TestSocket("alice");
    open(again, GOAL);
    assertNull(again.closed());
    assertEquals(2, limits.open("alice"));
  }

  @Test
  void anIdOfAGoalsFormThatNamesNoGoalIsClosedWith1008AndMakesNoChannel() {
    TestSocket s = new TestSocket("alice");
    GoalStreamEndpoint e = open(s, MISSING);
    assertEquals(1008, s.closed().getCloseCode().getCode());
    assertEquals("no such goal", s.closed().getReasonPhrase());
    assertEquals(0, limits.open("alice"), "its place was given back");
    e.close(s.session);
    assertEquals(0, limits.open("alice"));
  }

  @Test
  void aPrincipalsSocketsMakeAtMostItsMaximumOfFreeFormChannels() {
    TestSocket mine = new TestSocket("alice");
    open(mine, "my-channel");
    assertNull(mine.closed());
    TestSocket second = new TestSocket("alice");
    open(second, "my-other-channel");
    assertEquals(1008, second.closed().getCloseCode().getCode());
    assertTrue(
        second.closed().getReasonPhrase().startsWith("too many channels"),
        second.closed().getReasonPhrase());
    assertEquals(1, limits.open("alice"), "the refused socket gave its place back");
    TestSocket same = new TestSocket("alice");
    open(same, "my-channel");
    assertNull(same.closed(), "an existing channel makes nothing new");
    TestSocket bobs = new TestSocket("bob");
    open(bobs, "bobs-channel");
    assertNull(bobs.closed(), "bob has his own");
    TestSocket goal = new TestSocket("bob");
    open(goal, GOAL);
    assertNull(goal.closed(), "goals' channels are not free-form");
  }

  @Test
  void anIdNotOfTheAllowedFormIsMalformedBeforeAnythingElse() {
    for (String id : new String[] {null, "", "a/b", "x".repeat(129), "g 1"}) {
      assertEquals(
          "invalid goalId: 1-128 letters, digits, '.', '_', ':' or '-'",
          new GoalStreamEndpoint.GoalAccess(id, new Owners()).malformed(),
          String.valueOf(id));
    }
    assertNull(new GoalStreamEndpoint.GoalAccess("a.b_c:d-" + "x".repeat(120), null).malformed());
    TestSocket s = new TestSocket("alice");
    open(s, "a/b");
    assertEquals(1008, s.code());
    assertTrue(s.reason().startsWith("invalid goalId"));
    assertEquals(0, limits.open("alice"), "it never took a place");
  }

  @Test
  void anotherPrincipalsGoalIsRefusedWith1008() {
    ChannelOwners strict =
        new Owners() {
          @Override
          public boolean mayUse(Identity identity, String goalId) {
            return identity.name().equals("alice");
          }
        };
    GoalStreamEndpoint.GoalAccess access = new GoalStreamEndpoint.GoalAccess(GOAL, strict);
    Identity bob = new Identity("bob", Role.OPERATOR, Identity.Via.KEY, "k", null, null);
    assertEquals("not your goal", access.grant(bob).refusal());
    Identity alice = new Identity("alice", Role.OPERATOR, Identity.Via.KEY, "k", null, null);
    assertEquals(ChannelAccess.Grant.to("goal:" + GOAL), access.grant(alice));
    assertEquals(
        ChannelAccess.Grant.free("goal:free-form", "alice"),
        new GoalStreamEndpoint.GoalAccess("free-form", strict).grant(alice),
        "a free-form channel is made within alice's limit");
  }
}
