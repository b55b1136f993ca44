package io.ponybunny.broadcast.transport;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts one subscriber's frames on its {@link Wire}, one at a time (its {@link SessionSender} never
 * starts a send while one is in flight): a blocking send on a writer ({@link SocketWriters}) when
 * there is one and it takes the send, else the container's asynchronous send; a send that a stalled
 * {@link WriterPool} hands back goes asynchronously. Either way the result goes to {@code done}.
 * Remembers when the send on the wire began, for the send timeout.
 */
final class SessionWriter {

  private static final Logger LOG = Logger.getLogger(SessionWriter.class.getName());

  private final Wire wire;
  private final Executor writer;
  private final LongSupplier clock;
  private final Consumer<SendResult> done;
  private final SendHandler completion = this::completed;

  // When the send on the wire began (clock units), 0 when none is: read by the send-timeout check.
  private volatile long sendStarted;

  /**
   * @param writer runs blocking sends, one per task; null, a wire without blocking sends, or a
   *     writer that refuses a send, uses the wire's asynchronous send
   * @param clock {@link System#nanoTime()} units
   */
  SessionWriter(Wire wire, Executor writer, LongSupplier clock, Consumer<SendResult> done) {
    this.wire = wire;
    this.writer = wire.blockingSends() ? writer : null;
    this.clock = clock;
    this.done = done;
  }

  void write(String frame) {
    if (writer != null) {
      try {
        writer.execute(new BlockingSend(frame));
        return;
      } catch (RejectedExecutionException refused) {
        // The writers are stalled behind clients that stopped reading, or stopping: send async.
      }
    }
    sendAsync(frame);
  }

  /** Whether the send on the wire began more than {@code timeoutNanos} ago. */
  boolean sendingLongerThan(long timeoutNanos) {
    long started = sendStarted;
    return started != 0 && clock.getAsLong() - started > timeoutNanos;
  }

  private void sendAsync(String frame) {
    sendStarted = clock.getAsLong();
    try {
      wire.sendAsync(frame, completion);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "send failed", e);
      completed(new SendResult(e));
    }
  }

  /**
   * A blocking send on the writer's thread, then the same completion as an asynchronous send.
   * Liberty's blocking send has no timeout of its own: a client that stops reading is closed with
   * 4008 when its queue overflows or its send passes the send timeout, and closing it makes the
   * blocked write fail (Liberty forces the link closed when a close waits on a write for longer
   * than 5.5 s).
   */
  private void sendBlocking(String frame) {
    SendResult result;
    sendStarted = clock.getAsLong();
    try {
      wire.sendBlocking(frame);
      result = new SendResult();
    } catch (IOException | RuntimeException e) {
      result = new SendResult(e);
    }
    completed(result);
  }

  private void completed(SendResult result) {
    sendStarted = 0;
    done.accept(result);
  }

  /** One frame for the writer; handed back by a stalled {@link WriterPool}, it goes async. */
  private final class BlockingSend implements WriterPool.Handback {
    private final String frame;

    BlockingSend(String frame) {
      this.frame = frame;
    }

    @Override
    public void run() {
      sendBlocking(frame);
    }

    @Override
    public void handBack() {
      sendAsync(frame);
    }
  }
}
