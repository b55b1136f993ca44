package io.ponybunny.broadcast;

import java.util.ArrayList;
import java.util.List;

/**
 * A channel's recent event frames for resume: a ring bounded by count and age (the {@link
 * ReplayBudget}'s age in force, shared by every channel, which also counts the frames' bytes),
 * holding consecutive seqs. The ring starts small and doubles up to its capacity as events arrive,
 * so an idle or short channel costs a few hundred bytes, not the full capacity. Not thread-safe:
 * the channel calls it under its lock.
 */
final class ReplayBuffer {

  /** Slots allocated for a channel's first events. */
  static final int INITIAL_SLOTS = 16;

  private final int capacity;
  private final ReplayBudget budget;
  private String[] frames;
  private long[] seqs;
  private long[] times;
  private int head; // index of the oldest
  private int size;

  /** A ring of its own budget: bounded by count and {@code maxAgeMillis} only. */
  ReplayBuffer(int capacity, long maxAgeMillis) {
    this(capacity, new ReplayBudget(0, maxAgeMillis));
  }

  ReplayBuffer(int capacity, ReplayBudget budget) {
    this.capacity = Math.max(0, capacity);
    this.budget = budget;
    int slots = Math.min(this.capacity, INITIAL_SLOTS);
    this.frames = new String[slots];
    this.seqs = new long[slots];
    this.times = new long[slots];
  }

  void add(long seq, long nowMillis, String frame) {
    if (capacity == 0) {
      return;
    }
    expire(nowMillis);
    if (size == frames.length && size < capacity) {
      grow();
    }
    int slot;
    if (size == frames.length) {
      slot = head;
      head = (head + 1) % frames.length;
      budget.removed(frames[slot]);
    } else {
      slot = (head + size) % frames.length;
      size++;
    }
    frames[slot] = frame;
    budget.added(frame);
    seqs[slot] = seq;
    times[slot] = nowMillis;
  }

  /** Doubles the ring (up to the capacity), oldest frame first. */
  private void grow() {
    int slots = (int) Math.min(capacity, 2L * frames.length);
    String[] f = new String[slots];
    long[] q = new long[slots];
    long[] t = new long[slots];
    for (int i = 0; i < size; i++) {
      int from = (head + i) % frames.length;
      f[i] = frames[from];
      q[i] = seqs[from];
      t[i] = times[from];
    }
    frames = f;
    seqs = q;
    times = t;
    head = 0;
  }

  /** Drops frames older than the age bound in force. */
  void expire(long nowMillis) {
    expire(nowMillis, budget.ageMillis());
  }

  /** Drops frames older than {@code maxAgeMillis}. */
  void expire(long nowMillis, long maxAgeMillis) {
    while (size > 0 && nowMillis - times[head] > maxAgeMillis) {
      budget.removed(frames[head]);
      frames[head] = null;
      head = (head + 1) % frames.length;
      size--;
    }
  }

  /**
   * The frames with seq greater than {@code since}, or null when some of them are no longer held.
   * {@code current} is the channel's last seq.
   */
  List<String> since(long since, long current, long nowMillis) {
    if (since < 0 || since > current) {
      return null;
    }
    if (since == current) {
      return List.of();
    }
    expire(nowMillis);
    if (size == 0 || seqs[head] > since + 1) {
      return null;
    }
    List<String> out = new ArrayList<>((int) (current - since));
    for (int i = 0; i < size; i++) {
      int slot = (head + i) % frames.length;
      if (seqs[slot] > since) {
        out.add(frames[slot]);
      }
    }
    return out;
  }

  /** Drops every frame (the channel is dropped). */
  void clear() {
    while (size > 0) {
      budget.removed(frames[head]);
      frames[head] = null;
      head = (head + 1) % frames.length;
      size--;
    }
  }

  int size() {
    return size;
  }

  /** Slots allocated now (at most the capacity). */
  int slots() {
    return frames.length;
  }
}
