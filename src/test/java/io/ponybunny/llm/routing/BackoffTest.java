package io.ponybunny.llm.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = Backoff.DEFAULT;

  @Test
  void ceilingDoublesFromHalfASecondUpToEightSeconds() {
    long[] expected = {500, 1000, 2000, 4000, 8000, 8000, 8000};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Duration.ofMillis(expected[i]), backoff.ceiling(i), "attempt " + i);
    }
    assertEquals(Duration.ofSeconds(8), backoff.ceiling(64), "no overflow");
  }

  @Test
  void fullJitterSpansZeroToTheCeiling() {
    assertEquals(Duration.ZERO, backoff.delay(3, null, () -> 0.0));
    assertEquals(Duration.ofMillis(2000), backoff.delay(3, null, () -> 0.5));
    assertEquals(Duration.ofMillis(4000), backoff.delay(3, null, () -> 0.99999999));
  }

  @Test
  void neverWaitsLessThanRetryAfter() {
    assertEquals(Duration.ofSeconds(2), backoff.delay(0, Duration.ofSeconds(2), () -> 0.3));
    assertEquals(Duration.ofMillis(3000), backoff.delay(3, Duration.ofSeconds(1), () -> 0.75));
  }
}
