package io.ponybunny.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
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

  @Test
  void aClientBehindForLessThanTheIntervalGetsEveryBatchAtOnce() {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      FakeSession fake = new FakeSession(true);
      ManualClock clock = new ManualClock();
      SessionSender sender =
          new SessionSender(fake.session, 1 << 20, 200, scheduler, null, null, clock);
      sender.send(frame(1));
      int seq = 2;
      // Behind for 19 batches in a row, 10 ms apart: 190 ms, less than the 200 ms interval.
      for (int batch = 1; batch <= 19; batch++) {
        sender.send(frame(seq++));
        sender.send(frame(seq++));
        clock.advanceMillis(10);
        fake.completeSend();
        assertEquals(1 + batch, fake.frames().size(), "batch " + batch + " goes at once");
      }
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void aClientBehindForLongerThanTheIntervalGetsAtMostOneBatchPerInterval() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      FakeSession fake = new FakeSession(true);
      ManualClock clock = new ManualClock();
      SessionSender sender =
          new SessionSender(fake.session, 1 << 20, 200, scheduler, null, null, clock);
      sender.send(frame(1));
      int seq = 2;
      int sent = 1;
      // Batches 30 ms apart: behind since the first one; after 210 ms it is paced.
      for (int batch = 1; batch <= 7; batch++) {
        sender.send(frame(seq++));
        sender.send(frame(seq++));
        clock.advanceMillis(30);
        fake.completeSend();
        assertEquals(++sent, fake.frames().size(), "batch " + batch + " goes at once");
      }
      sender.send(frame(seq++));
      sender.send(frame(seq++));
      clock.advanceMillis(30);
      long t0 = System.nanoTime();
      fake.completeSend(); // behind for 210 ms: this batch waits for the interval after the last
      assertEquals(sent, fake.frames().size());
      fake.awaitFrames(sent + 1, 5_000);
      // The last send was 30 ms ago on the sender's clock: it waits the remaining 170 ms.
      assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(170));
      assertEquals(2, FakeSession.json(fake.frames().get(sent)).getJsonArray("events").size());
      assertNull(fake.closeReason);
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void pacingEndsOnceAPacedBatchGoesThroughQuickly() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      FakeSession fake = new FakeSession(true);
      ManualClock clock = new ManualClock();
      SessionSender sender =
          new SessionSender(fake.session, 1 << 20, 100, scheduler, null, null, clock);
      sender.send(frame(1));
      int seq = 2;
      for (int batch = 1; batch <= 4; batch++) {
        sender.send(frame(seq++));
        sender.send(frame(seq++));
        clock.advanceMillis(30);
        fake.completeSend();
      }
      assertEquals(5, fake.frames().size());
      sender.send(frame(seq++));
      sender.send(frame(seq++));
      clock.advanceMillis(30);
      fake.completeSend(); // behind for 120 ms of a 100 ms interval: paced
      assertEquals(5, fake.frames().size());
      fake.awaitFrames(6, 5_000);
      sender.send(frame(seq++));
      sender.send(frame(seq++));
      clock.advanceMillis(1);
      fake.completeSend(); // the paced batch took 1 ms: keeping up again, the next goes at once
      assertEquals(7, fake.frames().size());
    } finally {
      scheduler.shutdownNow();
    }
  }
}
