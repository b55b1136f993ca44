package io.ponybunny.broadcast.transport;

import io.ponybunny.broadcast.StreamFrames;
import java.util.ArrayList;
import java.util.List;

/**
 * What one send takes off a {@link FrameQueue}: the frames that piled up while the previous send
 * was in flight go out together as one batch frame ({@code {"type":"batch","events":[…]}}), up to
 * {@link #MAX_FRAMES} frames or {@link #MAX_CHARS} characters; a lone frame goes as it is, and a
 * snapshot always goes alone.
 */
final class Batcher {

  static final int MAX_FRAMES = 8192;
  static final int MAX_CHARS = 1 << 20;

  /** What a send says about its client. */
  enum Kind {
    /** The snapshot, alone. */
    SNAPSHOT,
    /** The only frame queued: the client keeps up. */
    SINGLE,
    /** Several frames that piled up: the client is behind. */
    BATCH
  }

  /** One send: its frame text and its kind. */
  record Send(String frame, Kind kind) {}

  private Batcher() {}

  /** Polls one frame, or a batch of everything queued up to the limits (the queue is not empty). */
  static Send take(FrameQueue queue) {
    boolean snapshot = queue.snapshotFirst();
    String first = queue.poll();
    if (snapshot) {
      return new Send(first, Kind.SNAPSHOT);
    }
    if (queue.isEmpty()) {
      return new Send(first, Kind.SINGLE);
    }
    List<String> frames = new ArrayList<>();
    frames.add(first);
    int chars = first.length();
    while (frames.size() < MAX_FRAMES && chars < MAX_CHARS && !queue.isEmpty()) {
      String next = queue.poll();
      frames.add(next);
      chars += next.length();
    }
    return new Send(StreamFrames.batch(frames), Kind.BATCH);
  }

  /**
   * Whether the queue holds several live frames but less than a full batch: waiting would gather
   * more into the same frame (a full batch, or replayed frames, go at once).
   */
  static boolean partial(FrameQueue queue) {
    return queue.size() > 1
        && queue.size() < MAX_FRAMES
        && queue.chars() < MAX_CHARS
        && !queue.replaying();
  }
}
