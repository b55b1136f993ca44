package io.ponybunny.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayBudgetTest {

  private static final String FRAME = "x".repeat(28); // costs 100 bytes

  @Test
  void overTheBudgetTheAgeInForceHalvesUntilTheFramesFitInNineTenths() {
    ReplayBudget budget = new ReplayBudget(1_000, 8_000);
    List<ReplayBuffer> rings = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      rings.add(new ReplayBuffer(100, budget, "e"));
    }
    // 12 frames a second apart, spread over the rings: 1,200 bytes, the oldest 11 s old at t=12 s
    for (int t = 1; t <= 12; t++) {
      rings.get(t % 4).add(t, t * 1_000L, FRAME);
    }
    assertEquals(1_200, budget.bytes());
    assertTrue(budget.over());

    budget.trim(age -> rings.forEach(r -> r.expire(12_000, age)));

    assertEquals(4_000, budget.ageMillis(), "8 s kept all 12 frames; 4 s keeps t = 8..12");
    assertEquals(500, budget.bytes(), "the oldest frames of every ring went first");
    assertFalse(budget.over());
  }

  @Test
  void theAgeDoublesBackWhileTheFramesTakeUnderHalf() {
    ReplayBudget budget = new ReplayBudget(1_000, 100_000);
    ReplayBuffer ring = new ReplayBuffer(100, budget, "e");
    for (int t = 1; t <= 11; t++) {
      ring.add(t, t * 1_000L, FRAME);
    }
    budget.trim(age -> ring.expire(11_000, age));
    long tight = budget.ageMillis();
    assertEquals(6_250, tight, "100 s halved four times: keeps t = 5..11, 700 bytes");

    budget.relax();
    assertEquals(tight, budget.ageMillis(), "still over half the budget: stays");

    ring.expire(100_000);
    budget.relax();
    assertEquals(12_500, budget.ageMillis());
    for (int i = 0; i < 5; i++) {
      budget.relax();
    }
    assertEquals(100_000, budget.ageMillis(), "never beyond the configured age");
  }

  @Test
  void framesOverwrittenExpiredOrClearedAreNoLongerCounted() {
    ReplayBudget budget = new ReplayBudget(0, 60_000);
    ReplayBuffer ring = new ReplayBuffer(2, budget, "e");
    ring.add(1, 1, FRAME);
    ring.add(2, 2, FRAME);
    ring.add(3, 3, FRAME); // overwrites seq 1
    assertEquals(200, budget.bytes());
    ring.expire(3 + 60_000);
    assertEquals(100, budget.bytes(), "seq 2 expired");
    ring.clear();
    assertEquals(0, budget.bytes());
    assertFalse(budget.over(), "0: unbounded");
  }
}
