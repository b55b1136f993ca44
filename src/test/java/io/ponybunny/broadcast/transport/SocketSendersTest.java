package io.ponybunny.broadcast.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SocketSendersTest {

  private static SocketSenders senders(long sendTimeoutMillis, RecordingScheduler timer) {
    return new SocketSenders(
        new SenderSettings(1 << 20, 0, sendTimeoutMillis),
        timer == null ? null : timer.scheduler,
        SocketWriters.asyncOnly(),
        null);
  }

  @Test
  void countsASenderFromItsOpenToItsClose() {
    SocketSenders senders = senders(0, null);
    SessionSender a = senders.open(new FakeSession(false).session);
    senders.open(new FakeSession(false).session);
    assertEquals(2, senders.openCount());
    senders.closed(a);
    senders.closed(a); // the container's error and close callbacks
    assertEquals(1, senders.openCount());
    assertTrue(a.isClosed(), "it sends nothing more");
  }

  @Test
  void closesOnlyTheSocketsWhoseSendStaysOnTheWireForLongerThanTheTimeout() {
    SocketSenders senders = senders(1, null);
    FakeSession stuck = new FakeSession(true); // its send never completes
    FakeSession reading = new FakeSession(false);
    senders.open(stuck.session).send("a");
    senders.open(reading.session).send("a");
    long sent = System.nanoTime();
    while (System.nanoTime() - sent <= TimeUnit.MILLISECONDS.toNanos(2)) {
      Thread.onSpinWait(); // past the 1 ms timeout on the senders' own clock
    }
    senders.closeTimedOutSends();
    assertEquals(4008, stuck.closeReason.getCloseCode().getCode());
    assertEquals("send timeout", stuck.closeReason.getReasonPhrase());
    assertTrue(reading.open);
  }

  @Test
  void watchesSendsEveryQuarterOfTheTimeoutAndStopsWatchingOnStop() {
    RecordingScheduler timer = new RecordingScheduler();
    SocketSenders senders = senders(10_000, timer);
    senders.watchSendTimeouts();
    assertEquals(1, timer.tasks.size());
    assertEquals(2_500, timer.tasks.get(0).periodMillis);
    senders.stop();
    assertTrue(timer.tasks.get(0).cancelled);

    RecordingScheduler fast = new RecordingScheduler();
    senders(200, fast).watchSendTimeouts();
    assertEquals(100, fast.tasks.get(0).periodMillis, "at least 100 ms apart");
    RecordingScheduler none = new RecordingScheduler();
    senders(0, none).watchSendTimeouts();
    assertTrue(none.tasks.isEmpty(), "no timeout, no watch");
  }

  @Test
  void stopClosesEverySocketWith1001AndEveryLaterOneAtOnce() {
    SocketSenders senders = senders(0, null);
    FakeSession a = new FakeSession(false);
    FakeSession b = new FakeSession(false);
    senders.open(a.session);
    senders.open(b.session);
    senders.stop();
    assertEquals(1001, a.closeReason.getCloseCode().getCode());
    assertEquals("server stopping", b.closeReason.getReasonPhrase());
    assertEquals(0, senders.openCount());
    FakeSession late = new FakeSession(false);
    SessionSender lateSender = senders.open(late.session);
    assertTrue(lateSender.isClosed());
    assertEquals(1001, late.closeReason.getCloseCode().getCode());
    assertEquals(0, senders.openCount(), "not counted");
  }

  @Test
  void aSenderGetsTheWritersAndTheBound() {
    SocketSenders senders =
        new SocketSenders(new SenderSettings(10, 0, 0), null, SocketWriters.asyncOnly(), null);
    FakeSession fake = new FakeSession(true);
    SessionSender sender = senders.open(fake.session);
    sender.send("0123456789"); // in flight
    sender.send("0123456789"); // queued, at the bound
    assertNull(fake.closeReason);
    sender.send("x");
    assertFalse(fake.open);
    assertEquals("slow consumer", fake.closeReason.getReasonPhrase());
  }
}
