package io.ponybunny.broadcast;

import io.ponybunny.event.StreamEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The memory all channels' replay frames may hold together ({@code ponybunny.ws.replay.max-bytes}).
 * Each channel's ring is bounded by count and age, but the sum over channels grew with the chunk
 * rate: every chunk stays for the replay age, so 256 streams at 50 chunks/s would hold 3.8 million
 * frames after 300 s (a benchmark sweep reached 1.4 million, 365 MB) and kept the collector busy.
 * Over the budget, the replay age in force is halved until the frames fit in nine tenths of it (the
 * oldest frames of every channel go first); it doubles back towards the configured age, one sweep
 * at a time, while they take under half. A resume older than the age in force gets a snapshot, as
 * any resume beyond the replay bounds does.
 */
final class ReplayBudget {

  /** What a frame costs besides its characters: the String, its array and the ring's slots. */
  static final long FRAME_OVERHEAD = 72;

  /**
   * What a kept chunk costs besides its text's characters: the event, its text's String and array
   * and the ring's slots.
   */
  static final long CHUNK_OVERHEAD = 112;

  private final long maxBytes;
  private final long maxAgeMillis;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicBoolean trimming = new AtomicBoolean();
  private volatile long ageMillis;

  /**
   * @param maxBytes the budget (0 or less: unbounded)
   * @param maxAgeMillis the configured replay age
   */
  ReplayBudget(long maxBytes, long maxAgeMillis) {
    this.maxBytes = maxBytes <= 0 ? Long.MAX_VALUE : maxBytes;
    this.maxAgeMillis = maxAgeMillis;
    this.ageMillis = maxAgeMillis;
  }

  /** The budget of {@code settings}. */
  static ReplayBudget of(BroadcastSettings settings) {
    return new ReplayBudget(settings.replayMaxBytes(), settings.replayMaxAgeMillis());
  }

  /** What {@code kept} (a frame or data as a String, or a chunk event) holds of the heap. */
  static long cost(Object kept) {
    return kept instanceof StreamEvent.Chunk c
        ? c.chunk().length() + CHUNK_OVERHEAD
        : ((String) kept).length() + FRAME_OVERHEAD;
  }

  void added(Object kept) {
    bytes.addAndGet(cost(kept));
  }

  void removed(Object kept) {
    bytes.addAndGet(-cost(kept));
  }

  /** Bytes held now. */
  long bytes() {
    return bytes.get();
  }

  /** The replay age in force: the configured one, or less while the budget is tight. */
  long ageMillis() {
    return ageMillis;
  }

  boolean over() {
    return bytes.get() > maxBytes;
  }

  /**
   * Over the budget (and unless another thread is at it): halves the age in force and runs {@code
   * expireAll} (every channel drops its frames older than the age it is given) until the frames fit
   * in nine tenths of the budget.
   */
  void trim(LongConsumer expireAll) {
    if (!over() || !trimming.compareAndSet(false, true)) {
      return;
    }
    try {
      long age = ageMillis;
      while (bytes.get() > maxBytes / 10 * 9 && age > 0) {
        age /= 2;
        ageMillis = age;
        expireAll.accept(age);
      }
    } finally {
      trimming.set(false);
    }
  }

  /** On each sweep: while the frames take under half the budget, the age doubles back. */
  void relax() {
    if (ageMillis < maxAgeMillis && bytes.get() < maxBytes / 2) {
      ageMillis = Math.min(maxAgeMillis, Math.max(1_000, ageMillis * 2));
    }
  }
}
