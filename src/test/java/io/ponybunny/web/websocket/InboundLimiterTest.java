package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InboundLimiterTest {

  @Test
  void allowsTheLimitPerSecondWindow() {
    InboundLimiter limiter = new InboundLimiter(3);
    long t = 5_000_000_000L;
    assertTrue(limiter.allow(t));
    assertTrue(limiter.allow(t + 1));
    assertTrue(limiter.allow(t + 2));
    assertFalse(limiter.allow(t + 3));
    assertTrue(limiter.allow(t + 1_000_000_000L), "a new window");
  }
}
