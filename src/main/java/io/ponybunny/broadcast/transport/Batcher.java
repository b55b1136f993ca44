package io.ponybunny.broadcast.transport;

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
    return new Send(batchFrame(frames), Kind.BATCH);
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

  /** {@code {"type":"batch","events":[…]}} from already-encoded event frames. */
  static String batchFrame(List<String> eventFrames) {
    int size = 30;
    for (String f : eventFrames) {
      size += f.length() + 1;
    }
    StringBuilder sb = new StringBuilder(size).append("{\"type\":\"batch\",\"events\":[");
    for (int i = 0; i < eventFrames.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(eventFrames.get(i));
    }
    return sb.append("]}").toString();
  }
}
