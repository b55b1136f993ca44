package io.ponybunny.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.broadcast.transport.FakeSession;
import io.ponybunny.broadcast.transport.SessionSender;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChannelsTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final Channels channels =
      new Channels(new BroadcastSettings(1 << 20, 100, 500, 10, 1000, 0, 0, 1, 0), now::get);

  private static SessionSender sender() {
    return new SessionSender(new FakeSession(false).session, 1 << 20, 0, null, null);
  }

  @Test
  void eachIncarnationOfAChannelHasItsOwnEpochWithinTheServerRun() {
    String first = channels.epoch("goal:a");
    assertEquals(first, channels.epoch("goal:a"), "made once");
    assertTrue(first.startsWith(channels.serverEpoch() + "."), first);
    assertNotEquals(first, channels.epoch("goal:b"));
    channels.unsubscribe("goal:a", sender()); // no socket, never an event: removed
    assertNull(channels.existing("goal:a"));
    assertNotEquals(first, channels.epoch("goal:a"), "a new incarnation");
  }

  @Test
  void aPublishOrSubscriptionThatMeetsARetiredChannelUsesAFreshOne() {
    channels.epoch("goal:a");
    BroadcastChannel retired = channels.existing("goal:a");
    assertTrue(retired.retireIfUnused());
    channels.publish("goal:a", new TestGoalEvent("a", "running"), null);
    BroadcastChannel fresh = channels.existing("goal:a");
    assertNotEquals(retired, fresh);
    assertEquals(1, fresh.seq());
    assertEquals(0, retired.seq());

    channels.epoch("goal:b");
    assertTrue(channels.existing("goal:b").retireIfUnused());
    assertEquals(BroadcastChannel.Start.SNAPSHOT, channels.subscribe("goal:b", sender(), null));
    assertEquals(1, channels.existing("goal:b").subscriberCount());
  }

  @Test
  void aChannelWithEventsOutlivesItsLastSocketUntilTheSweepFindsItIdle() {
    SessionSender s = sender();
    channels.subscribe("goal:a", s, null);
    channels.publish("goal:a", new TestGoalEvent("a", "running"), null);
    channels.unsubscribe("goal:a", s);
    assertNotNull(channels.existing("goal:a"), "it has something to replay");
    now.addAndGet(501);
    channels.sweep();
    assertNull(channels.existing("goal:a"));
  }

  @Test
  void theAllStreamsChannelIsNeverRemoved() {
    SessionSender s = sender();
    channels.subscribe(BroadcastManager.ALL_STREAMS, s, null);
    channels.unsubscribe(BroadcastManager.ALL_STREAMS, s);
    now.addAndGet(10_000);
    channels.sweep();
    assertNotNull(channels.existing(BroadcastManager.ALL_STREAMS));
    assertEquals(1, channels.count());
  }

  @Test
  void aPrincipalsFreeChannelCountsUntilItsLastSocketLeaves() {
    assertEquals(1, channels.maxFreePerPrincipal());
    assertTrue(channels.claimFree("goal:mine", "alice"));
    BroadcastChannel made = channels.existing("goal:mine");
    assertNotNull(made, "claiming makes it");
    assertFalse(channels.claimFree("goal:other", "alice"));
    assertTrue(channels.claimFree("goal:mine", "bob"), "it exists: nothing new is made");
    SessionSender s = sender();
    channels.subscribe("goal:mine", s, null);
    channels.publish("goal:mine", new TestGoalEvent("mine", "running"), null);
    channels.unsubscribe("goal:mine", s);
    assertSame(made, channels.existing("goal:mine"), "kept for its replay");
    assertTrue(channels.claimFree("goal:other", "alice"), "no socket left: it no longer counts");
  }

  @Test
  void allChannelsTogetherKeepTheirReplayWithinTheBudgetAndAnOlderResumeGetsASnapshot() {
    // 300 s of replay, but 20 KB for all channels: far less than 300 s of these events
    Channels tight =
        new Channels(
            new BroadcastSettings(1 << 20, 10_000, 300_000, 10, 1000, 0, 0, 1, 20_000), now::get);
    for (int i = 0; i < 2_000; i++) {
      now.addAndGet(10);
      tight.publish(List.of("goal:g" + (i % 50)), new TestGoalEvent("g" + (i % 50), "running"));
      assertTrue(tight.replayBytes() <= 20_000, "after event " + i + ": " + tight.replayBytes());
    }
    BroadcastChannel recent = tight.existing("goal:g49");
    assertEquals(
        BroadcastChannel.Start.REPLAYED,
        tight.subscribe("goal:g49", sender(), new StreamPosition(recent.epoch(), recent.seq() - 1)),
        "the last event is still there");
    BroadcastChannel old = tight.existing("goal:g0");
    assertEquals(
        BroadcastChannel.Start.NOT_RECOVERED,
        tight.subscribe("goal:g0", sender(), new StreamPosition(old.epoch(), 1)),
        "its first event went with the budget");
  }
}
