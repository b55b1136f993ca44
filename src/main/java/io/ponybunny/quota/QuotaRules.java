package io.ponybunny.quota;

import io.ponybunny.cost.Usd;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The quota arithmetic both ledgers share: the request bucket's refill (which {@link
 * RedisQuotaLedger}'s script repeats in Lua, the one place it must be written twice), its {@code
 * Retry-After}, the UTC day and the refusals each limit answers with.
 */
final class QuotaRules {

  private static final double MILLIS_PER_MINUTE = 60_000.0;

  private QuotaRules() {}

  /**
   * The requests a bucket of {@code rpm} per minute holds {@code elapsedMillis} after it held
   * {@code level}: refilled evenly over the minute, at most {@code rpm}.
   */
  static double refill(double level, long elapsedMillis, long rpm) {
    return Math.min(rpm, level + Math.max(0, elapsedMillis) * (rpm / MILLIS_PER_MINUTE));
  }

  /** Whole requests a bucket holding {@code level} can admit now. */
  static long available(double level) {
    return (long) Math.floor(level);
  }

  /** The refusal of a request whose bucket of {@code rpm} per minute holds {@code level} (< 1). */
  static QuotaExceededException requestRefused(String subject, long rpm, double level) {
    double perMs = rpm / MILLIS_PER_MINUTE;
    long waitMs = (long) Math.ceil((1 - level) / perMs);
    return new QuotaExceededException(
        subject,
        QuotaExceededException.Limit.REQUESTS_PER_MINUTE,
        rpm,
        Math.max(1, (waitMs + 999) / 1000));
  }

  /** The refusal of a stream when {@code subject} runs {@code cap} already (503 for the server). */
  static QuotaExceededException streamRefused(String subject, long cap) {
    return new QuotaExceededException(
        subject,
        Ledger.GLOBAL.equals(subject)
            ? QuotaExceededException.Limit.UPSTREAM_STREAMS
            : QuotaExceededException.Limit.CONCURRENT_STREAMS,
        cap,
        1);
  }

  /** The refusal of a stream when {@code subject} used its {@code cap} tokens of the day. */
  static QuotaExceededException tokensRefused(String subject, long cap, Clock clock) {
    return new QuotaExceededException(
        subject, QuotaExceededException.Limit.TOKENS_PER_DAY, cap, secondsToMidnight(clock));
  }

  /** The refusal of a stream when {@code subject} spent its {@code capNanos} of the day. */
  static QuotaExceededException spendRefused(String subject, long capNanos, Clock clock) {
    return new QuotaExceededException(
        subject,
        QuotaExceededException.Limit.USD_PER_DAY,
        Usd.ofNanos(capNanos),
        secondsToMidnight(clock));
  }

  /** The current UTC day, as an epoch day. */
  static long today(Clock clock) {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toEpochDay();
  }

  /** Seconds until the next UTC midnight, at least 1. */
  static long secondsToMidnight(Clock clock) {
    long midnight = (today(clock) + 1) * 86_400_000L;
    return Math.max(1, (midnight - clock.millis() + 999) / 1000);
  }

  /** How a subject is named in answers: "principal 'alice'", "API key 'k_…'". */
  static String describe(String subject) {
    if (subject.startsWith("principal:")) {
      return "principal '" + subject.substring("principal:".length()) + "'";
    }
    if (subject.startsWith("key:")) {
      return "API key '" + subject.substring("key:".length()) + "'";
    }
    return subject;
  }
}
