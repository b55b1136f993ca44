package io.ponybunny.broadcast.transport;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Paces the batches of a client that stays behind ({@code ponybunny.ws.batch-interval-ms}). A
 * client that keeps up gets every frame at once, without delay, and so does one that falls behind
 * for less than the batch interval (a burst, a pause of the server); a client that stays behind for
 * longer gets at most one batch frame per interval, until a batch goes through quickly again. Not
 * thread-safe: its {@link SessionSender} calls it under its lock.
 */
final class Pacer {

  private final long intervalNanos;
  private final ScheduledExecutorService scheduler;
  private long behindSince; // when the current run of batch sends began; 0: keeping up
  private boolean paced; // the send in flight was held back for the interval
  private long lastSendNanos;
  private boolean waiting; // a held-back send waits for its timer

  /**
   * @param scheduler runs the held-back sends (its tasks only start sends); null, or an interval of
   *     0, sends at once
   */
  Pacer(long intervalMillis, ScheduledExecutorService scheduler) {
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    this.scheduler = scheduler;
  }

  /** Whether a held-back send waits for its timer: nothing goes out before it. */
  boolean waiting() {
    return waiting;
  }

  /**
   * Holds the next send back when the client has been behind for longer than the interval, the last
   * send was less than an interval ago and {@code partialBatch} (more would fit in the batch):
   * schedules {@code resume} for the rest of the interval and answers true. False: send now (also
   * when the scheduler refuses, being shut down).
   */
  boolean holdBack(long now, boolean partialBatch, Runnable resume) {
    if (!partialBatch
        || behindSince == 0
        || now - behindSince < intervalNanos
        || scheduler == null
        || intervalNanos <= 0
        || now - lastSendNanos >= intervalNanos) {
      return false;
    }
    waiting = true;
    paced = true;
    try {
      scheduler.schedule(resume, intervalNanos - (now - lastSendNanos), TimeUnit.NANOSECONDS);
      return true;
    } catch (RuntimeException e) {
      waiting = false; // scheduler gone (shutdown): send now
      return false;
    }
  }

  /** The timer of a held-back send fired. */
  void resumed() {
    waiting = false;
  }

  /** A send of {@code kind} starts at {@code now}. */
  void sending(long now, Batcher.Kind kind) {
    switch (kind) {
      case SINGLE -> {
        behindSince = 0;
        paced = false;
      }
      case BATCH -> {
        if (behindSince == 0) {
          behindSince = now;
        }
      }
      case SNAPSHOT -> {
        // says nothing about keeping up
      }
    }
    lastSendNanos = now;
  }

  /** The send in flight completed at {@code now}: a paced batch that went quickly ends pacing. */
  void completed(long now) {
    if (paced && now - lastSendNanos < intervalNanos / 2) {
      paced = false;
      behindSince = 0;
    }
  }
}
