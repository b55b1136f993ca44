package io.ponybunny.llm.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deadlines of one watched attempt, on a fake clock ticked by hand: first token (from the
 * attempt's start; bytes without text do not extend it), idle (after the first text; any bytes
 * extend it) and the call's wall-clock deadline. First token 10 s, idle 5 s, deadline 60 s.
 */
class StreamWatchdogTest {

  private static final long START = 1_000_000_000L;

  private final AtomicLong clock = new AtomicLong(START);
  private final StreamWatchdog watchdog = new StreamWatchdog(clock::get);
  private final AtomicInteger aborts = new AtomicInteger();

  private StreamWatchdog.Watch watch() {
    return watchdog.watch(
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        START + Duration.ofSeconds(60).toNanos(),
        aborts::incrementAndGet);
  }

  /** What happens to a watch: a step is "+<ms>" (clock moves, ticker runs), "bytes" or "text". */
  record Case(String name, List<String> steps, String expired, Duration limit) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("quiet up to the first-token limit", List.of("+10000"), null, sec(10)),
        new Case(
            "quiet past the first-token limit", List.of("+10001"), "first_token_timeout", sec(10)),
        new Case(
            "pings do not extend the first-token limit",
            List.of("+6000", "bytes", "+4001"),
            "first_token_timeout",
            sec(10)),
        new Case(
            "text in time, then quiet up to the idle limit",
            List.of("+9000", "text", "+5000"),
            null,
            sec(5)),
        new Case(
            "text, then quiet past the idle limit",
            List.of("+9000", "text", "+5001"),
            "idle_timeout",
            sec(5)),
        new Case(
            "after text, pings keep it alive",
            List.of("text", "+4000", "bytes", "+4000", "bytes", "+4000"),
            null,
            sec(5)),
        new Case(
            "a lively stream still ends at the deadline",
            Collections.nCopies(16, List.of("text", "+4000")).stream()
                .flatMap(List::stream)
                .toList(),
            StreamWatchdog.TOTAL_TIMEOUT,
            sec(5)));
  }

  private static Duration sec(long s) {
    return Duration.ofSeconds(s);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aWatchExpiresOnlyWhenItsDeadlinePasses(Case c) {
    StreamWatchdog.Watch w = watch();
    for (String step : c.steps()) {
      switch (step) {
        case "bytes" -> w.activity();
        case "text" -> w.firstToken();
        default -> {
          clock.addAndGet(Duration.ofMillis(Long.parseLong(step.substring(1))).toNanos());
          watchdog.tick();
        }
      }
    }
    assertEquals(c.expired(), w.expired());
    assertEquals(c.expired() == null ? 0 : 1, aborts.get(), "aborted once when expired");
    assertEquals(c.limit(), w.limit());
  }

  @Test
  void anExpiredWatchIsAbortedOnceHoweverOftenTheTickerRuns() {
    StreamWatchdog.Watch w = watch();
    clock.addAndGet(Duration.ofSeconds(11).toNanos());
    for (int i = 0; i < 5; i++) {
      watchdog.tick();
    }
    clock.addAndGet(Duration.ofSeconds(60).toNanos());
    watchdog.tick();
    assertEquals("first_token_timeout", w.expired(), "the first deadline passed is the one kept");
    assertEquals(1, aborts.get());
  }

  @Test
  void aClosedWatchIsNoLongerChecked() {
    StreamWatchdog.Watch w = watch();
    w.close();
    clock.addAndGet(Duration.ofSeconds(120).toNanos());
    watchdog.tick();
    assertNull(w.expired());
    assertEquals(0, aborts.get());
  }

  @Test
  void aWatchStartedAfterTheDeadlineExpiresAtOnce() {
    clock.addAndGet(Duration.ofSeconds(60).toNanos());
    StreamWatchdog.Watch w = watch();
    assertEquals(StreamWatchdog.TOTAL_TIMEOUT, w.expired(), "without waiting for a tick");
    assertEquals(1, aborts.get());
  }

  @Test
  void watchesWithoutADeadlineOnlyHaveTheirOwnLimits() {
    StreamWatchdog.Watch w =
        watchdog.watch(Duration.ofSeconds(10), Duration.ofSeconds(5), aborts::incrementAndGet);
    w.firstToken();
    for (int i = 0; i < 100; i++) {
      clock.addAndGet(Duration.ofSeconds(4).toNanos());
      w.activity();
      watchdog.tick();
    }
    assertNull(w.expired());
    clock.addAndGet(Duration.ofSeconds(6).toNanos());
    watchdog.tick();
    assertEquals("idle_timeout", w.expired());
  }
}
