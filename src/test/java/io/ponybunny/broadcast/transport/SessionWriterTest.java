package io.ponybunny.broadcast.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.SendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class SessionWriterTest {

  private final List<SendResult> results = new ArrayList<>();
  private final long[] now = {1_000};

  @Test
  void withoutAWriterItSendsAsynchronouslyAndTimesTheSendOnTheWire() {
    FakeSession fake = new FakeSession(true);
    SessionWriter wire = new SessionWriter(Wire.of(fake.session), null, () -> now[0], results::add);
    assertFalse(wire.sendingLongerThan(0), "nothing on the wire");
    wire.write("a");
    assertEquals(List.of("a"), fake.frames());
    now[0] += 10;
    assertFalse(wire.sendingLongerThan(10));
    assertTrue(wire.sendingLongerThan(9));
    assertTrue(results.isEmpty(), "still in flight");
    fake.completeSend();
    assertEquals(1, results.size());
    assertTrue(results.get(0).isOK());
    assertFalse(wire.sendingLongerThan(0), "completed");
  }

  @Test
  void aWriterMakesABlockingSend() {
    FakeSession fake = new FakeSession(false);
    List<Runnable> writer = new ArrayList<>();
    SessionWriter wire =
        new SessionWriter(Wire.of(fake.session), writer::add, () -> now[0], results::add);
    wire.write("a");
    assertTrue(fake.frames().isEmpty(), "the writer has not run yet");
    writer.remove(0).run();
    assertEquals(List.of("a"), fake.frames());
    assertEquals(1, fake.basicSends.get());
    assertTrue(results.get(0).isOK());
  }

  @Test
  void aFailedBlockingSendReportsItsFailure() {
    FakeSession fake = new FakeSession(false);
    fake.basicFails = true;
    SessionWriter wire =
        new SessionWriter(Wire.of(fake.session), Runnable::run, () -> now[0], results::add);
    wire.write("a");
    assertFalse(results.get(0).isOK());
    assertFalse(wire.sendingLongerThan(0));
  }

  @Test
  void aRefusedOrHandedBackSendGoesAsynchronously() {
    FakeSession fake = new FakeSession(false);
    SessionWriter refused =
        new SessionWriter(
            Wire.of(fake.session),
            r -> {
              throw new RejectedExecutionException("stalled");
            },
            () -> now[0],
            results::add);
    refused.write("a");
    List<Runnable> writer = new ArrayList<>();
    SessionWriter handedBack =
        new SessionWriter(Wire.of(fake.session), writer::add, () -> now[0], results::add);
    handedBack.write("b");
    ((WriterPool.Handback) writer.remove(0)).handBack();
    assertEquals(List.of("a", "b"), fake.frames());
    assertEquals(0, fake.basicSends.get());
    assertEquals(2, results.size());
  }

  /** A wire that sends only asynchronously (an event stream) never goes to the writer. */
  @Test
  void aWireWithoutBlockingSendsSendsAsynchronouslyEvenWithAWriter() {
    List<String> sent = new ArrayList<>();
    List<jakarta.websocket.SendHandler> pending = new ArrayList<>();
    Wire asyncOnly =
        new Wire() {
          @Override
          public void sendAsync(String frame, jakarta.websocket.SendHandler done) {
            sent.add(frame);
            pending.add(done);
          }

          @Override
          public void sendBlocking(String frame) {
            throw new AssertionError("no blocking send");
          }

          @Override
          public boolean blockingSends() {
            return false;
          }

          @Override
          public boolean isOpen() {
            return true;
          }

          @Override
          public void close(jakarta.websocket.CloseReason reason) {}
        };
    List<Runnable> writer = new ArrayList<>();
    SessionWriter wire = new SessionWriter(asyncOnly, writer::add, () -> now[0], results::add);
    wire.write("a");
    assertTrue(writer.isEmpty(), "the writer is not used");
    assertEquals(List.of("a"), sent);
    pending.get(0).onResult(new SendResult());
    assertTrue(results.get(0).isOK());
  }
}
