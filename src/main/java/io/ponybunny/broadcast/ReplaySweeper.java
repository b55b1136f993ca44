package io.ponybunny.broadcast;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the channels' {@link ChannelEngine#sweep} on a timer: every quarter of the replay age,
 * between 1 s and 60 s, so a replay frame outlives its age by at most that.
 */
final class ReplaySweeper {

  private final ScheduledFuture<?> task;

  private ReplaySweeper(ScheduledFuture<?> task) {
    this.task = task;
  }

  /** Sweeps {@code channels} on {@code scheduler} until {@link #stop}. */
  static ReplaySweeper start(
      ChannelEngine channels, long replayMaxAgeMillis, ScheduledExecutorService scheduler) {
    long every = everyMillis(replayMaxAgeMillis);
    return new ReplaySweeper(
        scheduler.scheduleWithFixedDelay(channels::sweep, every, every, TimeUnit.MILLISECONDS));
  }

  /** How often the sweep runs for a replay age. */
  static long everyMillis(long replayMaxAgeMillis) {
    return Math.min(60_000, Math.max(1_000, replayMaxAgeMillis / 4));
  }

  void stop() {
    task.cancel(false);
  }
}
