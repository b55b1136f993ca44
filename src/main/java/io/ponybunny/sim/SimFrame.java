package io.ponybunny.sim;

import java.nio.charset.StandardCharsets;

/**
 * One unit written and flushed on the wire: an SSE event, an NDJSON line, a JSON-array element.
 *
 * @param bytes the exact bytes
 * @param content whether this frame carries reply content (a text token or an argument fragment);
 *     only content frames are paced and counted by {@code error-after-chunks}
 */
public record SimFrame(byte[] bytes, boolean content) {

  static SimFrame content(String s) {
    return new SimFrame(s.getBytes(StandardCharsets.UTF_8), true);
  }

  static SimFrame control(String s) {
    return new SimFrame(s.getBytes(StandardCharsets.UTF_8), false);
  }

  /** The frame as UTF-8 text. */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
