package io.ponybunny.broadcast.transport;

import java.util.ArrayDeque;

/**
 * One socket's outbound frames, bounded in characters ({@code ponybunny.ws.max-queued-bytes}).
 * Replayed frames count outside the bound (a resume of thousands of events must not trip it); a
 * snapshot goes before every live frame, counts inside the bound and is sent alone; a live frame
 * that would pass the bound is not queued and marks the queue overflowed (its socket is then
 * closed). Not thread-safe: its {@link SessionSender} calls it under its lock.
 */
final class FrameQueue {

  private final long maxChars;
  private final BroadcastMetrics metrics;
  private final ArrayDeque<String> frames = new ArrayDeque<>();
  private long chars; // of the frames that count toward the bound
  private int uncountedHead; // replayed frames at the head, outside the bound
  private boolean snapshotFirst;
  private boolean overflowed;

  FrameQueue(long maxChars, BroadcastMetrics metrics) {
    this.maxChars = maxChars;
    this.metrics = metrics;
  }

  /** Queues a replayed frame, outside the bound; all of them come before any live frame. */
  void addReplayed(String frame) {
    frames.add(frame);
    uncountedHead++;
  }

  /** Puts the snapshot before every frame queued, inside the bound; it is polled on its own. */
  void putSnapshotFirst(String frame) {
    frames.addFirst(frame);
    snapshotFirst = true;
    count(frame.length());
    if (chars > maxChars) {
      overflowed = true;
    }
  }

  /** Queues a live frame, or marks the queue overflowed if it would pass the bound. */
  void add(String frame) {
    if (overflowed) {
      return;
    }
    if (chars + frame.length() > maxChars) {
      overflowed = true;
      return;
    }
    frames.add(frame);
    count(frame.length());
  }

  /** Takes the head frame (the queue must not be empty). */
  String poll() {
    String frame = frames.poll();
    snapshotFirst = false;
    if (uncountedHead > 0) {
      uncountedHead--;
    } else {
      count(-frame.length());
    }
    return frame;
  }

  /** Drops every frame (the socket closed). */
  void clear() {
    count(-chars);
    uncountedHead = 0;
    snapshotFirst = false;
    frames.clear();
  }

  private void count(long delta) {
    chars += delta;
    metrics.queued(delta);
  }

  /** Whether a live frame or the snapshot passed the bound. */
  boolean overflowed() {
    return overflowed;
  }

  /** Whether the head is a snapshot, which goes in a frame of its own. */
  boolean snapshotFirst() {
    return snapshotFirst;
  }

  /** Whether replayed frames are still queued. */
  boolean replaying() {
    return uncountedHead > 0;
  }

  /** Characters queued that count toward the bound. */
  long chars() {
    return chars;
  }

  /** Characters that can still be queued before the bound. */
  long room() {
    return Math.max(0, maxChars - chars);
  }

  int size() {
    return frames.size();
  }

  boolean isEmpty() {
    return frames.isEmpty();
  }
}
