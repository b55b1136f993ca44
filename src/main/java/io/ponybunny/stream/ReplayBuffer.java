package io.ponybunny.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * A channel's recent event frames for resume: a ring bounded by count and age, holding consecutive
 * seqs. Not thread-safe: the channel calls it under its lock.
 */
final class ReplayBuffer {

  private final int capacity;
  private final long maxAgeMillis;
  private final String[] frames;
  private final long[] seqs;
  private final long[] times;
  private int head; // index of the oldest
  private int size;

  ReplayBuffer(int capacity, long maxAgeMillis) {
    this.capacity = Math.max(0, capacity);
    this.maxAgeMillis = maxAgeMillis;
    this.frames = new String[this.capacity];
    this.seqs = new long[this.capacity];
    this.times = new long[this.capacity];
  }

  void add(long seq, long nowMillis, String frame) {
    if (capacity == 0) {
      return;
    }
    int slot;
    if (size == capacity) {
      slot = head;
      head = (head + 1) % capacity;
    } else {
      slot = (head + size) % capacity;
      size++;
    }
    frames[slot] = frame;
    seqs[slot] = seq;
    times[slot] = nowMillis;
  }

  /** Drops frames older than the age bound. */
  void expire(long nowMillis) {
    while (size > 0 && nowMillis - times[head] > maxAgeMillis) {
      frames[head] = null;
      head = (head + 1) % capacity;
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
      int slot = (head + i) % capacity;
      if (seqs[slot] > since) {
        out.add(frames[slot]);
      }
    }
    return out;
  }

  int size() {
    return size;
  }
}
