package io.ponybunny.security.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final LoginThrottle throttle = new LoginThrottle(3, 5, 60_000, now::get);

  @Test
  void anAccountIsThrottledAfterItsFailuresUntilTheOldestLeavesTheWindow() {
    for (int i = 0; i < 3; i++) {
      assertEquals(0, throttle.retryAfterMillis("alice", "10.0.0.1"));
      throttle.failed("alice", "10.0.0.1");
      now.addAndGet(1_000);
    }
    // Failures at t0, t0+1s, t0+2s; now t0+3s: the first leaves the window at t0+60s.
    assertEquals(57_000, throttle.retryAfterMillis("alice", "10.0.0.2"), "from any address");
    assertEquals(0, throttle.retryAfterMillis("bob", "10.0.0.2"), "other accounts are free");
    now.addAndGet(57_000);
    assertEquals(0, throttle.retryAfterMillis("alice", "10.0.0.1"));
  }

  @Test
  void anAddressIsThrottledAcrossAccounts() {
    for (int i = 0; i < 5; i++) {
      throttle.failed("user" + i, "10.0.0.9");
    }
    assertEquals(60_000, throttle.retryAfterMillis("someone-else", "10.0.0.9"));
    assertEquals(0, throttle.retryAfterMillis("someone-else", "10.0.0.8"));
  }

  @Test
  void aSuccessClearsTheAccountsFailures() {
    throttle.failed("carol", "a");
    throttle.failed("carol", "a");
    throttle.succeeded("carol");
    throttle.failed("carol", "a");
    assertEquals(0, throttle.retryAfterMillis("carol", "a"));
  }
}
