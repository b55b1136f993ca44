package io.ponybunny.quota;

import java.math.BigDecimal;

/**
 * A quota refused a request or a stream: answered 429 (503 for the global cap on upstream streams,
 * and when a cluster's quotas cannot be counted because Redis does not answer) with {@code
 * Retry-After}. Never the provider's failure, so it never touches a circuit breaker.
 */
public class QuotaExceededException extends RuntimeException {

  /** Which limit refused. */
  public enum Limit {
    REQUESTS_PER_MINUTE("requests per minute"),
    CONCURRENT_STREAMS("concurrent streams"),
    TOKENS_PER_DAY("tokens per day"),
    /** What a subject's calls of the UTC day may cost ({@code usd-per-day}). */
    USD_PER_DAY("USD per day"),
    QUEUED_GOALS("queued goals"),
    UPSTREAM_STREAMS("concurrent upstream streams of the server"),
    /** The cluster's quotas live in Redis and Redis does not answer: nothing runs unmetered. */
    QUOTAS_UNAVAILABLE("quota accounting");

    private final String label;

    Limit(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final String subject;
  private final Limit limit;
  private final Number value;
  private final long retryAfterSeconds;

  public QuotaExceededException(String subject, Limit limit, long value, long retryAfterSeconds) {
    this(subject, limit, (Number) value, retryAfterSeconds);
  }

  /** A refusal whose limit is an amount (USD per day: {@code value} in dollars). */
  public QuotaExceededException(
      String subject, Limit limit, BigDecimal value, long retryAfterSeconds) {
    this(subject, limit, (Number) plain(value), retryAfterSeconds);
  }

  private QuotaExceededException(
      String subject, Limit limit, Number value, long retryAfterSeconds) {
    super(message(subject, limit, value, retryAfterSeconds));
    this.subject = subject;
    this.limit = limit;
    this.value = value;
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  /** {@code 0.5}, not {@code 0.500000000} nor {@code 5E-1}. */
  private static BigDecimal plain(BigDecimal value) {
    BigDecimal v = value.stripTrailingZeros();
    return v.scale() < 0 ? v.setScale(0) : v;
  }

  private static String message(String subject, Limit limit, Number value, long retryAfter) {
    if (limit == Limit.UPSTREAM_STREAMS) {
      return "The server runs its most concurrent upstream streams ("
          + value
          + "); try again in "
          + Math.max(1, retryAfter)
          + " s.";
    }
    if (limit == Limit.QUOTAS_UNAVAILABLE) {
      return "The quotas cannot be counted now (the cluster's Redis does not answer); try again in "
          + Math.max(1, retryAfter)
          + " s.";
    }
    return "The "
        + limit.label()
        + " quota of "
        + QuotaRules.describe(subject)
        + " ("
        + value
        + ") is used up; try again in "
        + Math.max(1, retryAfter)
        + " s.";
  }

  /** The HTTP status: 503 when the server as a whole is full or cannot count, else 429. */
  public int status() {
    return limit == Limit.UPSTREAM_STREAMS || limit == Limit.QUOTAS_UNAVAILABLE ? 503 : 429;
  }

  public String subject() {
    return subject;
  }

  public Limit limit() {
    return limit;
  }

  /** The limit that refused: a count, or an amount of dollars for {@link Limit#USD_PER_DAY}. */
  public Number value() {
    return value;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
