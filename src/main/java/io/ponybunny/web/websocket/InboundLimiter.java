package io.ponybunny.web.websocket;

/**
 * Counts a socket's inbound messages per one-second window; {@link #allow} turns false once more
 * than the limit arrived within a window.
 */
final class InboundLimiter {

  private final int maxPerSecond;
  private long windowStart;
  private int count;

  InboundLimiter(int maxPerSecond) {
    this.maxPerSecond = maxPerSecond;
  }

  synchronized boolean allow(long nowNanos) {
    if (count == 0 || nowNanos - windowStart >= 1_000_000_000L) {
      windowStart = nowNanos;
      count = 0;
    }
    return ++count <= maxPerSecond;
  }
}
