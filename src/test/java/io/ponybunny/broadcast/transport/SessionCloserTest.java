package io.ponybunny.broadcast.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class SessionCloserTest {

  private final FakeSession fake = new FakeSession(false);

  @Test
  void theCloseFrameIsWrittenByTheExecutorNotTheCaller() {
    List<Runnable> off = new ArrayList<>();
    new SessionCloser(Wire.of(fake.session), off::add)
        .close(SessionCloser.slowConsumer("slow consumer"));
    assertTrue(fake.open, "not on the caller's thread");
    off.get(0).run();
    assertFalse(fake.open);
    assertEquals(4008, fake.closeReason.getCloseCode().getCode());
    assertEquals("slow consumer", fake.closeReason.getReasonPhrase());
  }

  @Test
  void withoutAnExecutorOrWhenItRefusesTheCallerWritesIt() {
    new SessionCloser(Wire.of(fake.session), null).close(SessionCloser.serverStopping());
    assertEquals(1001, fake.closeReason.getCloseCode().getCode());
    assertEquals("server stopping", fake.closeReason.getReasonPhrase());
    FakeSession other = new FakeSession(false);
    new SessionCloser(
            Wire.of(other.session),
            r -> {
              throw new RejectedExecutionException("shut down");
            })
        .close(SessionCloser.slowConsumer(SessionCloser.SEND_TIMEOUT));
    assertEquals("send timeout", other.closeReason.getReasonPhrase());
  }

  @Test
  void closeHereIgnoresTheExecutorAndAClosedSession() {
    List<Runnable> off = new ArrayList<>();
    SessionCloser closer = new SessionCloser(Wire.of(fake.session), off::add);
    fake.open = false;
    closer.closeHere(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
    assertNull(fake.closeReason, "a session that went away is not closed again");
    fake.open = true;
    closer.closeHere(SessionCloser.serverStopping());
    assertEquals(1001, fake.closeReason.getCloseCode().getCode());
    assertTrue(off.isEmpty());
  }
}
