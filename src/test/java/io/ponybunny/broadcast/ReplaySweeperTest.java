package io.ponybunny.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.broadcast.transport.RecordingScheduler;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplaySweeperTest {

  @Test
  void runsAtAQuarterOfTheReplayAgeWithinBounds() {
    assertEquals(60_000, ReplaySweeper.everyMillis(300_000));
    assertEquals(1_000, ReplaySweeper.everyMillis(500));
    assertEquals(2_500, ReplaySweeper.everyMillis(10_000));
  }

  @Test
  void sweepsTheChannelsOnItsTimerUntilStopped() {
    AtomicLong now = new AtomicLong(1_000);
    Channels channels =
        new Channels(new BroadcastSettings(1 << 20, 100, 10_000, 10, 1000, 0), now::get);
    channels.publish("goal:g", new TestGoalEvent("g", "running"), null);
    RecordingScheduler timer = new RecordingScheduler();
    ReplaySweeper sweeper = ReplaySweeper.start(channels, 10_000, timer.scheduler);
    assertEquals(1, timer.tasks.size());
    assertEquals(2_500, timer.tasks.get(0).periodMillis);
    now.addAndGet(10_001);
    timer.tasks.get(0).command.run();
    assertNull(channels.existing("goal:g"), "idle for the age: removed");
    sweeper.stop();
    assertTrue(timer.tasks.get(0).cancelled);
  }
}
