package io.ponybunny.llm.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private final AtomicLong now = new AtomicLong();
  private final CircuitBreaker circuit = new CircuitBreaker(3, Duration.ofSeconds(10), now::get);

  @Test
  void opensAfterConsecutiveFailuresAndFailsFast() {
    for (int i = 0; i < 2; i++) {
      assertTrue(circuit.tryAcquire());
      circuit.onFailure();
    }
    assertEquals(CircuitBreaker.State.CLOSED, circuit.state());
    circuit.onFailure();
    assertEquals(CircuitBreaker.State.OPEN, circuit.state());
    assertFalse(circuit.tryAcquire());
  }

  @Test
  void aSuccessResetsTheCount() {
    circuit.onFailure();
    circuit.onFailure();
    circuit.onSuccess();
    circuit.onFailure();
    circuit.onFailure();
    assertEquals(CircuitBreaker.State.CLOSED, circuit.state());
  }

  @Test
  void halfOpensAfterThePauseAdmittingOneTrial() {
    for (int i = 0; i < 3; i++) {
      circuit.onFailure();
    }
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertEquals(CircuitBreaker.State.HALF_OPEN, circuit.state());
    assertTrue(circuit.tryAcquire(), "one trial");
    assertFalse(circuit.tryAcquire(), "only one");
    circuit.onFailure();
    assertEquals(CircuitBreaker.State.OPEN, circuit.state(), "a failed trial reopens");
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertTrue(circuit.tryAcquire());
    circuit.onSuccess();
    assertEquals(CircuitBreaker.State.CLOSED, circuit.state());
    assertTrue(circuit.tryAcquire());
  }
}
