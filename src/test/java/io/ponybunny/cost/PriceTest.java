package io.ponybunny.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ponybunny.llm.api.TokenUsage;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PriceTest {

  private static final Price MINI = Price.parse("0.15, 0.60, 0.075");

  @Test
  void cachedInputIsChargedAtItsOwnPriceAndTheRestOfTheInputAtTheInputPrice() {
    // 2,000 input of which 1,500 cached, 100 output:
    // 500 * 0.15 + 1,500 * 0.075 + 100 * 0.60 = 75 + 112.5 + 60 = 247.5 USD per million
    assertEquals(new BigDecimal("0.000247500"), MINI.cost(new TokenUsage(2_000, 100, 1_500)));
  }

  @Test
  void withoutACachedPriceCachedInputCostsWhatInputDoes() {
    Price p = Price.parse("1,2");
    assertEquals(new BigDecimal("1"), p.cachedInput());
    assertEquals(new BigDecimal("0.000014000"), p.cost(new TokenUsage(10, 2, 6)));
  }

  @Test
  void aStreamThatReportedNothingHasAnUnknownCostAndAMissingSideCountsZero() {
    assertNull(MINI.cost(TokenUsage.NONE));
    assertNull(MINI.cost(null));
    assertEquals(new BigDecimal("0.000150000"), MINI.cost(new TokenUsage(1_000, null)));
    assertEquals(new BigDecimal("0.000600000"), MINI.cost(new TokenUsage(null, 1_000)));
  }

  @Test
  void cachedTokensBeyondTheInputAreNotChargedTwice() {
    assertEquals(MINI.cost(new TokenUsage(100, 0, 100)), MINI.cost(new TokenUsage(100, 0, 250)));
  }

  @Test
  void costsAreRoundedToNanoDollars() {
    // one input token at 0.15 per million = 0.00000015 USD, kept exactly
    assertEquals(new BigDecimal("0.000000150"), MINI.cost(new TokenUsage(1, 0)));
    // one at 0.0000001 per million rounds to 0
    assertEquals(new BigDecimal("0E-9"), Price.parse("0.0000001,0").cost(new TokenUsage(1, 0)));
  }

  @Test
  void malformedOrNegativePricesAreRefused() {
    for (String bad : new String[] {"", "1", "1,2,3,4", "a,1", "1,-2", " , "}) {
      assertThrows(IllegalArgumentException.class, () -> Price.parse(bad), bad);
    }
  }

  @Test
  void nanoDollarsRoundTrip() {
    assertEquals(247_500, Usd.toNanos(new BigDecimal("0.0002475")));
    assertEquals(new BigDecimal("0.000247500"), Usd.ofNanos(247_500));
    assertEquals(0, Usd.toNanos(null));
    assertEquals(1, Usd.toNanos(new BigDecimal("0.0000000005")), "half up");
  }
}
