package io.ponybunny.broadcast.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionSenderTest {

  private static String frame(int seq) {
    return "{\"type\":\"event\",\"event\":\"x\",\"epoch\":\"e\",\"seq\":" + seq + ",\"data\":{}}";
  }

  @Test
  void keepsOneSendInFlightAndBatchesWhatQueuedMeanwhile() {
    FakeSession fake = new FakeSession(true);
    SessionSender sender = new SessionSender(fake.session, 1 << 20, 0, null, null);
    sender.send(frame(1));
    sender.send(frame(2));
    sender.send(frame(3));
    assertEquals(1, fake.frames().size(), "one send in flight");
    assertTrue(fake.completeSend());
    assertEquals(2, fake.frames().size());
    JsonObject batch = FakeSession.json(fake.frames().get(1));
    assertEquals("batch", batch.getString("type"));
    assertEquals(2, batch.getJsonArray("events").size());
    assertTrue(fake.completeSend());
    assertFalse(fake.completeSend());
    List<JsonObject> events = fake.messages();
    for (int i = 0; i < 3; i++) {
      assertEquals(i + 1, events.get(i).getInt("seq"));
    }
    assertFalse(fake.overlappingSend);
    assertEquals(0, sender.queuedChars());
  }

  @Test
  void aClientThatKeepsUpGetsEveryFrameAloneAtOnce() {
    FakeSession fake = new FakeSession(false);
    SessionSender sender = new SessionSender(fake.session, 1 << 20, 50, null, null);
    for (int i = 1; i <= 100; i++) {
      sender.send(frame(i));
    }
    assertEquals(100, fake.frames().size());
    assertTrue(fake.frames().stream().allMatch(f -> f.startsWith("{\"type\":\"event\"")));
  }

  @Test
  void closesASlowConsumerWith4008OverTheBound() {
    FakeSession fake = new FakeSession(true);
    String f = frame(1);
    SessionSender sender = new SessionSender(fake.session, f.length() * 10L, 0, null, null);
    for (int i = 0; i < 11; i++) {
      sender.send(f); // the first is in flight, ten queue up to the bound
    }
    assertTrue(fake.open, "at the bound, not over it");
    sender.send(f);
    assertFalse(fake.open);
    assertEquals(4008, fake.closeReason.getCloseCode().getCode());
    assertEquals("slow consumer", fake.closeReason.getReasonPhrase());
    assertTrue(sender.isClosed());
    assertEquals(0, sender.queuedChars());
  }

  @Test
  void aCloseIsWrittenByTheCloserNeverOnThePublishersThread() {
    FakeSession fake = new FakeSession(true);
    List<Runnable> handedOff = new ArrayList<>();
    String f = frame(1);
    SessionSender sender =
        new SessionSender(fake.session, f.length() * 10L, 0, null, handedOff::add, null, null);
    for (int i = 0; i < 12; i++) {
      sender.send(f); // the twelfth goes over the bound
    }
    assertTrue(sender.isClosed(), "the sender stops at once");
    assertTrue(fake.open, "the publisher did not write the close frame");
    assertEquals(1, handedOff.size());
    handedOff.get(0).run();
    assertFalse(fake.open);
    assertEquals(4008, fake.closeReason.getCloseCode().getCode());
  }

  @Test
  void closeHereWritesTheCloseOnTheCallersThread() {
    FakeSession fake = new FakeSession(true);
    List<Runnable> handedOff = new ArrayList<>();
    SessionSender sender =
        new SessionSender(fake.session, 1 << 20, 0, null, handedOff::add, null, null);
    sender.closeHere(new CloseReason(() -> SessionCloser.GOING_AWAY, "server stopping"));
    assertFalse(fake.open);
    assertEquals(1001, fake.closeReason.getCloseCode().getCode());
    assertTrue(handedOff.isEmpty());
  }

  @Test
  void initialFramesDoNotCountTowardTheBound() {
    FakeSession fake = new FakeSession(true);
    String f = frame(1);
    SessionSender sender = new SessionSender(fake.session, f.length() * 2L, 0, null, null);
    for (int i = 0; i < 50; i++) {
      sender.enqueueInitial(f);
    }
    sender.kick();
    sender.send(f);
    sender.send(f);
    assertTrue(fake.open);
    while (fake.completeSend()) {
      // drain
    }
    assertEquals(52, fake.messages().size());
    assertEquals(0, sender.queuedChars());
  }

  /** A clock the test moves by hand (nanoseconds). */
  private static final class ManualClock implements java.util.function.LongSupplier {
    private long now = 1_000_000_000L;

    @Override
    public long getAsLong() {
      return now;
    }

    void advanceMillis(long ms) {
      now += TimeUnit.MILLISECONDS.toNanos(ms);
    }
  }

  /**
   * A sender on a manual clock with a real pacing scheduler whose first frame is in flight: each
   * {@link #batch} queues two frames behind it, moves the clock and completes the send.
   */
  private static final class PacingRig implements AutoCloseable {
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final FakeSession fake = new FakeSession(true);
    final ManualClock clock = new ManualClock();
    final SessionSender sender;
    private int seq = 1;

    PacingRig(long intervalMillis) {
      sender =
          new SessionSender(
              fake.session, 1 << 20, intervalMillis, scheduler, null, null, null, clock);
      sender.send(frame(seq++));
    }

    /** Frames sent so far after queueing two more, {@code ms} later, and completing a send. */
    int batch(long ms) {
      sender.send(frame(seq++));
      sender.send(frame(seq++));
      clock.advanceMillis(ms);
      fake.completeSend();
      return fake.frames().size();
    }

    @Override
    public void close() {
      scheduler.shutdownNow();
    }
  }

  @Test
  void aClientBehindForLessThanTheIntervalGetsEveryBatchAtOnce() {
    try (PacingRig rig = new PacingRig(200)) {
      // Behind for 19 batches in a row, 10 ms apart: 190 ms, less than the 200 ms interval.
      for (int batch = 1; batch <= 19; batch++) {
        assertEquals(1 + batch, rig.batch(10), "batch " + batch + " goes at once");
      }
    }
  }

  @Test
  void aClientBehindForLongerThanTheIntervalGetsAtMostOneBatchPerInterval() throws Exception {
    try (PacingRig rig = new PacingRig(200)) {
      // Batches 30 ms apart: behind since the first one; after 210 ms it is paced.
      for (int batch = 1; batch <= 7; batch++) {
        assertEquals(1 + batch, rig.batch(30), "batch " + batch + " goes at once");
      }
      long t0 = System.nanoTime();
      // Behind for 210 ms: this batch waits for the interval after the last send.
      assertEquals(8, rig.batch(30));
      rig.fake.awaitFrames(9, 5_000);
      // The last send was 30 ms ago on the sender's clock: it waits the remaining 170 ms.
      assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(170));
      assertEquals(2, FakeSession.json(rig.fake.frames().get(8)).getJsonArray("events").size());
      assertNull(rig.fake.closeReason);
    }
  }

  @Test
  void pacingEndsOnceAPacedBatchGoesThroughQuickly() throws Exception {
    try (PacingRig rig = new PacingRig(100)) {
      for (int batch = 1; batch <= 4; batch++) {
        rig.batch(30);
      }
      assertEquals(5, rig.batch(30), "behind for 120 ms of a 100 ms interval: paced");
      rig.fake.awaitFrames(6, 5_000);
      // The paced batch took 1 ms: keeping up again, the next goes at once.
      assertEquals(7, rig.batch(1));
    }
  }

  // ---- blocking sends on a writer (SocketWriters)

  @Test
  void blockingSendsKeepOrderAndOneSendInFlight() throws Exception {
    FakeSession fake = new FakeSession(false);
    ExecutorService writer = Executors.newFixedThreadPool(4);
    try {
      SessionSender sender = new SessionSender(fake.session, 1 << 20, 0, null, null, writer, null);
      for (int i = 1; i <= 500; i++) {
        sender.send(frame(i));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while ((sender.queuedChars() > 0 || fake.messages().size() < 500)
          && System.nanoTime() < deadline) {
        Thread.onSpinWait(); // the writer threads finish on their own; nothing to wait on
      }
      assertEquals(0, sender.queuedChars(), "every frame written");
      List<JsonObject> events = fake.messages();
      for (int i = 0; i < 500; i++) {
        assertEquals(i + 1, events.get(i).getInt("seq"), "in order");
      }
      assertFalse(fake.overlappingSend, "never two sends at once on the session");
      assertTrue(fake.basicSends.get() > 0, "written by blocking sends");
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void aBlockedWriteNeverHoldsThePublisherAndTheSlowConsumerIsClosed() throws Exception {
    FakeSession fake = new FakeSession(false);
    fake.basicGate = new CountDownLatch(1); // the client stops reading
    ExecutorService writer = Executors.newCachedThreadPool();
    try {
      String f = frame(1);
      SessionSender sender =
          new SessionSender(fake.session, f.length() * 10L, 0, null, null, writer, null);
      for (int i = 0; i < 12; i++) {
        sender.send(frame(i)); // returns at once although the first write is blocked
      }
      assertTrue(sender.isClosed(), "over the bound: closed");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (fake.closeReason == null && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(SessionCloser.SLOW_CONSUMER, fake.closeReason.getCloseCode().getCode());
      fake.basicGate.countDown(); // the close fails the blocked write
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void aFailedBlockingSendClosesTheSenderAndDropsItsQueue() throws Exception {
    FakeSession fake = new FakeSession(false);
    fake.basicFails = true;
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      SessionSender sender = new SessionSender(fake.session, 1 << 20, 0, null, null, writer, null);
      sender.send(frame(1));
      writer.submit(() -> {}).get(10, TimeUnit.SECONDS); // the write ran
      sender.send(frame(2));
      assertTrue(sender.isClosed());
      assertEquals(0, sender.queuedChars());
      assertTrue(fake.frames().isEmpty());
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void aRefusedBlockingSendGoesThroughTheAsynchronousSend() {
    FakeSession fake = new FakeSession(false);
    java.util.concurrent.Executor refusing =
        r -> {
          throw new java.util.concurrent.RejectedExecutionException("stalled");
        };
    SessionSender sender = new SessionSender(fake.session, 1 << 20, 0, null, null, refusing, null);
    sender.send(frame(1));
    sender.send(frame(2));
    assertFalse(sender.isClosed(), "a refusal is no failure");
    assertEquals(2, fake.messages().size());
    assertEquals(0, fake.basicSends.get());
  }

  @Test
  void aHandedBackSendGoesAsynchronouslyAndOrderHolds() {
    FakeSession fake = new FakeSession(true);
    List<Runnable> queued = new java.util.ArrayList<>();
    SessionSender sender =
        new SessionSender(fake.session, 1 << 20, 0, null, null, queued::add, null);
    sender.send(frame(1));
    sender.send(frame(2)); // waits: one send in flight
    assertEquals(1, queued.size(), "one send handed to the writer");
    ((WriterPool.Handback) queued.remove(0)).handBack(); // the pool stalled and gave it back
    assertEquals(1, fake.frames().size(), "frame 1 went out asynchronously");
    assertTrue(fake.completeSend()); // then frame 2 goes to the writer again
    assertEquals(1, queued.size());
    queued.remove(0).run();
    List<JsonObject> events = fake.messages();
    assertEquals(2, events.size());
    assertEquals(1, events.get(0).getInt("seq"));
    assertEquals(2, events.get(1).getInt("seq"));
    assertEquals(1, fake.basicSends.get());
    assertFalse(fake.overlappingSend);
  }

  /**
   * A blocking send that takes longer than the send timeout closes that session with 4008 "send
   * timeout", on the closer; another session on the same writers keeps sending meanwhile.
   */
  @Test
  void aBlockingSendOverTheSendTimeoutClosesThatSessionOnly() throws Exception {
    long[] now = {1_000};
    long timeout = TimeUnit.SECONDS.toNanos(10);
    ExecutorService writers = Executors.newCachedThreadPool();
    List<Runnable> closes = new ArrayList<>();
    try {
      FakeSession stuck = new FakeSession(false);
      stuck.basicGate = new CountDownLatch(1); // the client stopped reading
      SessionSender stuckSender =
          new SessionSender(
              stuck.session, 1 << 20, 0, null, closes::add, writers, null, () -> now[0]);
      FakeSession reader = new FakeSession(false);
      SessionSender readerSender =
          new SessionSender(
              reader.session, 1 << 20, 0, null, closes::add, writers, null, () -> now[0]);
      stuckSender.send(frame(1));
      while (stuck.basicSends.get() == 0) {
        Thread.onSpinWait(); // until the write is on the wire
      }
      now[0] += timeout;
      assertFalse(stuckSender.closeIfSendTimedOut(timeout), "not longer than the timeout yet");
      now[0] += 1;
      readerSender.send(frame(1));
      reader.awaitFrames(1, 30_000);
      assertTrue(stuckSender.closeIfSendTimedOut(timeout));
      assertFalse(readerSender.closeIfSendTimedOut(timeout), "its send completed");
      assertTrue(stuckSender.isClosed());
      assertEquals(1, closes.size(), "the close frame is written by the closer");
      closes.get(0).run();
      assertEquals(4008, stuck.closeReason.getCloseCode().getCode());
      assertEquals("send timeout", stuck.closeReason.getReasonPhrase());
      assertFalse(stuckSender.closeIfSendTimedOut(timeout), "closed once");
      readerSender.send(frame(2));
      reader.awaitFrames(2, 30_000);
      assertTrue(reader.open);
      stuck.basicGate.countDown();
    } finally {
      writers.shutdownNow();
    }
  }

  @Test
  void anAsynchronousSendInFlightForTooLongClosesToo() {
    long[] now = {1_000};
    FakeSession fake = new FakeSession(true); // the send stays in flight
    SessionSender sender =
        new SessionSender(fake.session, 1 << 20, 0, null, null, null, null, () -> now[0]);
    assertFalse(sender.closeIfSendTimedOut(5), "nothing in flight");
    sender.send(frame(1));
    now[0] += 6;
    assertTrue(sender.closeIfSendTimedOut(5));
    assertEquals(4008, fake.closeReason.getCloseCode().getCode());
  }
}
