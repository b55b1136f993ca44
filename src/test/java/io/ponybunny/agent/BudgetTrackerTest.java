package io.ponybunny.agent;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BudgetTrackerTest {

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void stepsAreCountedAndTheLastOneIsRefused() {
    BudgetTracker t = new BudgetTracker(new Budget(1000, 2, 60), new ManualClock(), 0);
    t.beginStep();
    t.beginStep();
    BudgetExceededException e = assertThrows(BudgetExceededException.class, t::beginStep);
    assertTrue(e.getMessage().contains("step budget"), e.getMessage());
    assertEquals(2, t.steps());
  }

  @Test
  void tokensIncludingThoseSpentBeforeAreEnforced() {
    BudgetTracker t = new BudgetTracker(new Budget(100, 10, 60), new ManualClock(), 40);
    assertEquals(60, t.remainingTokens());
    t.addTokens(59);
    assertDoesNotThrow(t::beginStep);
    t.addTokens(1);
    assertEquals(0, t.remainingTokens());
    BudgetExceededException e = assertThrows(BudgetExceededException.class, t::beginStep);
    assertTrue(e.getMessage().contains("token budget"), e.getMessage());
  }

  @Test
  void durationIsEnforced() {
    ManualClock clock = new ManualClock();
    BudgetTracker t = new BudgetTracker(new Budget(100, 10, 5), clock, 0);
    assertEquals(5_000, t.remainingMillis());
    clock.advance(Duration.ofMillis(4_999));
    assertDoesNotThrow(t::check);
    clock.advance(Duration.ofMillis(1));
    BudgetExceededException e = assertThrows(BudgetExceededException.class, t::check);
    assertTrue(e.getMessage().contains("time budget"), e.getMessage());
  }

  @Test
  void budgetDefaultsFillMissingLimitsAndRejectNonPositive() {
    Budget b = Budget.of(null, 3, null, new Budget(10, 20, 30));
    assertEquals(new Budget(10, 3, 30), b);
    assertThrows(IllegalArgumentException.class, () -> new Budget(0, 1, 1));
  }
}
