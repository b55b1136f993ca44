package io.ponybunny.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts of US dollars: exact {@link BigDecimal}s of {@link #SCALE} decimals in records and on the
 * wire, whole nano-dollars (1e-9 USD) where quotas count them (in memory, in Redis and in {@code
 * pb_usage}'s arithmetic), so that summing many small costs loses nothing.
 */
public final class Usd {

  /** Decimals kept: nano-dollars. */
  public static final int SCALE = 9;

  private Usd() {}

  /** {@code usd} in nano-dollars (rounded half up); 0 for null. */
  public static long toNanos(BigDecimal usd) {
    return usd == null
        ? 0
        : usd.setScale(SCALE, RoundingMode.HALF_UP).unscaledValue().longValueExact();
  }

  /** {@code nanos} nano-dollars as dollars of {@link #SCALE} decimals. */
  public static BigDecimal ofNanos(long nanos) {
    return BigDecimal.valueOf(nanos, SCALE);
  }
}
