package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.broadcast.BroadcastManager;
import io.ponybunny.broadcast.BroadcastSettings;
import io.ponybunny.broadcast.transport.FakeSession;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.security.Identity;
import io.ponybunny.security.Role;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One socket's lifecycle, on fake sessions: the order of its refusals, its limits, its close. */
class ChannelSocketTest {

  private static final ChannelAccess ANYONE = identity -> ChannelAccess.Grant.to("goal:g");

  private final ConnectionLimits limits = ConnectionLimits.of(2, 2);
  private final BroadcastManager broadcast =
      BroadcastManager.create(BroadcastSettings.defaults(), null, null);

  private ChannelSocket open(TestSocket s, ChannelAccess access) {
    ChannelSocket socket = ChannelSocket.of(broadcast, limits, new SocketGuard(), 2);
    socket.open(s.session, access);
    return socket;
  }

  private static List<String> types(TestSocket s) {
    return s.frames().stream().map(f -> FakeSession.json(f).getString("type")).toList();
  }

  @Test
  void anAdmittedSocketSubscribesAndStartsWithASnapshot() {
    TestSocket s = new TestSocket("alice");
    open(s, ANYONE);
    assertNull(s.closed());
    broadcast.publish(new StreamEvent.Start("r1", "g", null, null, "sim/x", "sim", null, null, 1));
    assertEquals(List.of("snapshot", "event"), types(s));
    assertEquals(1, limits.open("alice"));
  }

  @Test
  void aResumePointInTheChannelsEpochReplaysInsteadOfASnapshot() {
    broadcast.publish(new StreamEvent.Start("r1", "g", null, null, "sim/x", "sim", null, null, 1));
    broadcast.publish(new StreamEvent.Chunk("r1", "g", "a", 0, 2));
    TestSocket s =
        new TestSocket(
            "alice",
            Role.OPERATOR,
            Map.of("epoch", List.of(broadcast.channelEpoch("g")), "since", List.of("1")));
    open(s, ANYONE);
    assertEquals(List.of("event"), types(s));
    JsonObject replayed = FakeSession.json(s.frames().get(0));
    assertEquals(2, replayed.getInt("seq"));
  }

  @Test
  void aMalformedRequestIsRefusedBeforeItsIdentityOrPlace() {
    TestSocket s = new TestSocket(null);
    open(
        s,
        new ChannelAccess() {
          @Override
          public String malformed() {
            return "invalid channel";
          }

          @Override
          public Grant grant(Identity identity) {
            throw new AssertionError("not asked");
          }
        });
    assertEquals(1008, s.code());
    assertEquals("invalid channel", s.reason());
  }

  @Test
  void aHandshakeWithoutIdentityIsRefusedWith1008() {
    TestSocket s = new TestSocket(null);
    open(s, ANYONE);
    assertEquals(1008, s.code());
    assertEquals("not signed in", s.reason());
    assertEquals(0, limits.open());
  }

  @Test
  void overTheConnectionLimitsTheSocketIsClosedWith1013BeforeTheEndpointIsAsked() {
    open(new TestSocket("alice"), ANYONE);
    open(new TestSocket("bob"), ANYONE);
    TestSocket over = new TestSocket("carol");
    ChannelSocket socket =
        open(
            over,
            identity -> {
              throw new AssertionError("not asked");
            });
    assertEquals(1013, over.code());
    assertEquals("too many connections", over.reason());
    socket.message(over.session, 20_000, true); // not admitted: not counted
    assertEquals("too many connections", over.reason());
    socket.closed(over.session);
    assertEquals(2, limits.open(), "no place was taken, none is given back");
  }

  @Test
  void aCallerTheEndpointRefusesIsClosedWith1008AndGivesItsPlaceBack() {
    TestSocket s = new TestSocket("alice");
    open(s, identity -> ChannelAccess.Grant.refused("not your goal"));
    assertEquals(1008, s.code());
    assertEquals("not your goal", s.reason());
    assertEquals(0, limits.open("alice"));
    assertTrue(s.frames().isEmpty());
  }

  @Test
  void aMalformedResumePointIsRefusedWith1008AndGivesItsPlaceBack() {
    TestSocket s = new TestSocket("alice", Role.OPERATOR, Map.of("since", List.of("3")));
    open(s, ANYONE);
    assertEquals(1008, s.code());
    assertEquals("resume needs both epoch and since", s.reason());
    assertEquals(0, limits.open("alice"));
    assertTrue(s.frames().isEmpty());
  }

  @Test
  void anInboundMessageOver16KiBClosesWith1009() {
    TestSocket s = new TestSocket("alice");
    ChannelSocket socket = open(s, ANYONE);
    socket.message(s.session, ChannelSocket.MAX_INBOUND, false);
    assertNull(s.closed(), "exactly 16 KiB so far");
    socket.message(s.session, 1, true);
    assertEquals(1009, s.code());
    assertEquals("message over 16 KiB", s.reason());
  }

  @Test
  void moreInboundMessagesThanTheRateCloseWith1008() {
    TestSocket s = new TestSocket("alice");
    ChannelSocket socket = open(s, ANYONE); // 2 a second
    socket.message(s.session, 10, false); // parts of one message count once
    socket.message(s.session, 10, true);
    socket.message(s.session, 10, true);
    assertNull(s.closed());
    socket.message(s.session, 10, true);
    assertEquals(1008, s.code());
    assertEquals("too many messages", s.reason());
  }

  @Test
  void aCloseAfterAnErrorUnsubscribesAndGivesThePlaceBackOnce() {
    TestSocket s = new TestSocket("alice");
    ChannelSocket socket = open(s, ANYONE);
    TestSocket other = new TestSocket("alice");
    open(other, ANYONE);
    socket.closed(s.session); // the error callback
    socket.closed(s.session); // then the close callback
    assertEquals(1, limits.open("alice"));
    broadcast.publish(new StreamEvent.Start("r1", "g", null, null, "sim/x", "sim", null, null, 1));
    assertEquals(List.of("snapshot"), types(s), "unsubscribed: nothing more");
    assertEquals(List.of("snapshot", "event"), types(other));
  }

  @Test
  void allStreamsGivesAdminsEveryEventAndOthersTheirOwn() {
    Identity admin = new Identity("root", Role.ADMIN, Identity.Via.KEY, "k", null, null);
    Identity alice = new Identity("alice", Role.OPERATOR, Identity.Via.KEY, "k", null, null);
    assertEquals(
        ChannelAccess.Grant.to(BroadcastManager.ALL_STREAMS),
        AllStreamsEndpoint.ACCESS.grant(admin));
    assertEquals(
        ChannelAccess.Grant.to(BroadcastManager.ownerChannel("alice")),
        AllStreamsEndpoint.ACCESS.grant(alice));
    assertNull(AllStreamsEndpoint.ACCESS.malformed());
  }
}
