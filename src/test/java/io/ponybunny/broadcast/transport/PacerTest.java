package io.ponybunny.broadcast.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacerTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final Runnable RESUME = () -> {};

  /** The delays (nanoseconds) of the tasks scheduled on it; refuses them when {@code refuse}. */
  private final List<Long> delays = new ArrayList<>();

  private boolean refuse;

  private final ScheduledExecutorService scheduler =
      (ScheduledExecutorService)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {ScheduledExecutorService.class},
              (p, m, args) -> {
                assertEquals("schedule", m.getName());
                if (refuse) {
                  throw new RejectedExecutionException("shut down");
                }
                delays.add(((TimeUnit) args[2]).toNanos((Long) args[1]));
                return null;
              });

  /** A pacer on a 100 ms interval whose client has been behind since 1 s, sending batches. */
  private Pacer behindFor(long ms) {
    Pacer pacer = new Pacer(100, scheduler);
    pacer.sending(1_000 * MS, Batcher.Kind.BATCH);
    pacer.completed(1_000 * MS + 60 * MS);
    pacer.sending((1_000 + ms) * MS, Batcher.Kind.BATCH);
    return pacer;
  }

  @Test
  void aClientThatKeepsUpIsNeverHeldBack() {
    Pacer pacer = new Pacer(100, scheduler);
    for (long t = 1; t <= 50; t++) {
      assertFalse(pacer.holdBack(t * MS, true, RESUME));
      pacer.sending(t * MS, Batcher.Kind.SINGLE);
      pacer.completed(t * MS);
    }
    assertTrue(delays.isEmpty());
  }

  @Test
  void aClientBehindForLessThanTheIntervalIsNotHeldBack() {
    Pacer pacer = behindFor(90);
    assertFalse(pacer.holdBack(1_095 * MS, true, RESUME));
    assertFalse(pacer.waiting());
  }

  @Test
  void aClientBehindForLongerWaitsForTheRestOfTheIntervalSinceItsLastSend() {
    Pacer pacer = behindFor(120);
    assertTrue(pacer.holdBack(1_150 * MS, true, RESUME));
    assertEquals(List.of(70 * MS), delays, "100 ms after the send at 1120 ms");
    assertTrue(pacer.waiting());
    pacer.resumed();
    assertFalse(pacer.waiting());
  }

  @Test
  void onlyAPartialBatchWaitsAndOnlyWithinTheInterval() {
    Pacer pacer = behindFor(120);
    assertFalse(pacer.holdBack(1_150 * MS, false, RESUME), "a full batch goes at once");
    assertFalse(pacer.holdBack(1_220 * MS, true, RESUME), "an interval since the last send");
    assertTrue(delays.isEmpty());
  }

  @Test
  void aPacedBatchThatGoesThroughQuicklyEndsPacing() {
    Pacer pacer = behindFor(120);
    assertTrue(pacer.holdBack(1_150 * MS, true, RESUME));
    pacer.resumed();
    pacer.sending(1_220 * MS, Batcher.Kind.BATCH);
    pacer.completed(1_269 * MS); // under half the interval
    pacer.sending(1_270 * MS, Batcher.Kind.BATCH);
    assertFalse(pacer.holdBack(1_280 * MS, true, RESUME), "behind again only since 1270 ms");
  }

  @Test
  void aPacedBatchThatIsSlowKeepsPacing() {
    Pacer pacer = behindFor(120);
    assertTrue(pacer.holdBack(1_150 * MS, true, RESUME));
    pacer.resumed();
    pacer.sending(1_220 * MS, Batcher.Kind.BATCH);
    pacer.completed(1_270 * MS); // half the interval
    assertTrue(pacer.holdBack(1_280 * MS, true, RESUME));
  }

  @Test
  void aSnapshotSaysNothingAboutKeepingUp() {
    Pacer pacer = behindFor(120);
    pacer.sending(1_130 * MS, Batcher.Kind.SNAPSHOT);
    assertTrue(pacer.holdBack(1_140 * MS, true, RESUME), "still behind since 1 s");
  }

  @Test
  void withoutASchedulerOrAnIntervalOrWhenRefusedItSendsAtOnce() {
    Pacer unscheduled = new Pacer(100, null);
    unscheduled.sending(1_000 * MS, Batcher.Kind.BATCH);
    unscheduled.sending(1_120 * MS, Batcher.Kind.BATCH);
    assertFalse(unscheduled.holdBack(1_150 * MS, true, RESUME));
    Pacer noInterval = new Pacer(0, scheduler);
    noInterval.sending(1_000 * MS, Batcher.Kind.BATCH);
    assertFalse(noInterval.holdBack(1_001 * MS, true, RESUME));
    refuse = true;
    Pacer refused = behindFor(120);
    assertFalse(refused.holdBack(1_150 * MS, true, RESUME));
    assertFalse(refused.waiting());
  }
}
