package io.ponybunny.broadcast;

import io.ponybunny.event.StreamEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel's recent event frames for resume: a ring bounded by count and age (the {@link
 * ReplayBudget}'s age in force, shared by every channel, which also counts the frames' bytes),
 * holding consecutive seqs. An event published here is kept as its name and its encoded data, which
 * the channels it goes to share, and its frame is made again on replay (a resume is rare; every
 * event goes to three channels, most of them without subscribers); a chunk, most of what a ring
 * holds, is kept as the event itself (its text and numbers, about half of its data's heap), its
 * frame written from it on replay; a relayed event is kept as the frame it came as. The ring starts
 * small and doubles up to its capacity as events arrive, so an idle or short channel costs a few
 * hundred bytes, not the full capacity. Not thread-safe: the channel calls it under its lock.
 */
final class ReplayBuffer {

  /** Slots allocated for a channel's first events. */
  static final int INITIAL_SLOTS = 16;

  private final int capacity;
  private final ReplayBudget budget;
  private final String epoch;
  private String[] names; // null: frames[i] is a whole frame
  private Object[] frames; // an event's data (String), a chunk (StreamEvent.Chunk) or a frame
  private long[] seqs;
  private long[] times;
  private int head; // index of the oldest
  private int size;

  /** A ring of its own budget: bounded by count and {@code maxAgeMillis} only. */
  ReplayBuffer(int capacity, long maxAgeMillis) {
    this(capacity, new ReplayBudget(0, maxAgeMillis), "");
  }

  /**
   * @param epoch the channel's, for the frames made again on replay
   */
  ReplayBuffer(int capacity, ReplayBudget budget, String epoch) {
    this.capacity = Math.max(0, capacity);
    this.budget = budget;
    this.epoch = epoch;
    int slots = Math.min(this.capacity, INITIAL_SLOTS);
    this.names = new String[slots];
    this.frames = new Object[slots];
    this.seqs = new long[slots];
    this.times = new long[slots];
  }

  /** Keeps a whole frame (a relayed event). */
  void add(long seq, long nowMillis, String frame) {
    add(seq, nowMillis, null, frame);
  }

  /**
   * Keeps event {@code seq} as its {@code name} and {@code data}: its encoded data, or the chunk
   * event itself (null name: {@code data} is a whole frame).
   */
  void add(long seq, long nowMillis, String name, Object data) {
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
    names[slot] = name;
    frames[slot] = data;
    budget.added(data);
    seqs[slot] = seq;
    times[slot] = nowMillis;
  }

  /** Doubles the ring (up to the capacity), oldest frame first. */
  private void grow() {
    int slots = (int) Math.min(capacity, 2L * frames.length);
    String[] n = new String[slots];
    Object[] f = new Object[slots];
    long[] q = new long[slots];
    long[] t = new long[slots];
    for (int i = 0; i < size; i++) {
      int from = (head + i) % frames.length;
      n[i] = names[from];
      f[i] = frames[from];
      q[i] = seqs[from];
      t[i] = times[from];
    }
    names = n;
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
      names[head] = null;
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
        out.add(frame(names[slot], epoch, seqs[slot], frames[slot]));
      }
    }
    return out;
  }

  /**
   * The frame of event {@code seq} kept as {@code name} and {@code data} (see {@link #add(long,
   * long, String, Object)}).
   */
  static String frame(String name, String epoch, long seq, Object data) {
    if (data instanceof StreamEvent.Chunk c) {
      return StreamFrames.chunkEvent(c, epoch, seq);
    }
    return name == null ? (String) data : StreamFrames.event(name, epoch, seq, (String) data);
  }

  /** Drops every frame (the channel is dropped). */
  void clear() {
    while (size > 0) {
      budget.removed(frames[head]);
      frames[head] = null;
      names[head] = null;
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
