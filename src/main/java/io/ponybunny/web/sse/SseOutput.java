package io.ponybunny.web.sse;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One server-sent event response, over JAX-RS's {@link SseEventSink}: on Liberty each event is
 * written and flushed as it is sent, without blocking once the resource method returned (the
 * container's non-blocking output; the sink completes each send when its bytes are written). It
 * remembers what is still unwritten, so that a client that stopped reading can be told apart, and
 * when it last wrote, so that {@link #ping} keeps an idle response talking: a client that went away
 * makes the next write fail, and a failed write closes the output. Closing (by the server, or on a
 * failed write) runs the {@link #onClosed} actions once.
 */
public final class SseOutput {

  /** An idle response gets a {@code : ping} comment after this long without a write. */
  static final long PING_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private static final Logger LOG = Logger.getLogger(SseOutput.class.getName());

  private final SseEventSink sink;
  private final Sse sse;
  private final LongSupplier clock;

  // Guarded by this.
  private boolean closed;
  private long lastWrite;
  private long unwrittenChars;
  private final ArrayDeque<Long> unwrittenSince = new ArrayDeque<>();
  private final List<Runnable> onClosed = new ArrayList<>();
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  public SseOutput(SseEventSink sink, Sse sse) {
    this(sink, sse, System::nanoTime);
  }

  /** An output on its own clock ({@link System#nanoTime()} units), for tests. */
  SseOutput(SseEventSink sink, Sse sse, LongSupplier clock) {
    this.sink = sink;
    this.sse = sse;
    this.clock = clock;
    this.lastWrite = clock.getAsLong();
  }

  /**
   * Sends one event. The stage completes when it is written, or exceptionally when it could not be
   * (the output is then closed).
   */
  public CompletionStage<Void> send(SseMessage message) {
    OutboundSseEvent.Builder b = sse.newEventBuilder().name(message.name()).data(message.data());
    if (message.id() != null) {
      b.id(message.id());
    }
    return write(b.build(), message.data().length());
  }

  /**
   * Sends a {@code : ping} comment when nothing was written for {@link #PING_AFTER_NANOS} and
   * nothing waits to be written (a client that does not read is not pinged, it is timed out).
   */
  public void ping() {
    long now = clock.getAsLong();
    synchronized (this) {
      if (closed || !unwrittenSince.isEmpty() || now - lastWrite < PING_AFTER_NANOS) {
        return;
      }
    }
    write(sse.newEventBuilder().comment("ping").build(), 6);
  }

  private CompletionStage<Void> write(OutboundSseEvent event, int chars) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    CompletableFuture<Void> previous;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("closed"));
      }
      lastWrite = clock.getAsLong();
      unwrittenSince.add(lastWrite);
      unwrittenChars += chars;
      previous = tail;
      tail = written;
    }
    // Handed to the sink only once the previous event is written: the sink does not keep the
    // order of sends that overlap (a call's first chunks overtook one another right after the
    // response began, CompletionEventsIT).
    previous.whenComplete((ignored, previousError) -> handOn(event, chars, written));
    return written;
  }

  private void handOn(OutboundSseEvent event, int chars, CompletableFuture<Void> written) {
    CompletionStage<?> sent;
    try {
      sent = sink.send(event);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete(
        (v, error) -> {
          synchronized (this) {
            unwrittenSince.poll();
            unwrittenChars -= chars;
          }
          if (error == null) {
            written.complete(null);
          } else {
            LOG.log(Level.FINE, "the client of a server-sent event stream went away", error);
            close();
            written.completeExceptionally(error);
          }
        });
  }

  /** Characters sent but not yet written to the client. */
  public synchronized long unwrittenChars() {
    return unwrittenChars;
  }

  /**
   * Whether a send has waited longer than {@code nanos} to be written: the client stopped reading.
   */
  public boolean stalledLongerThan(long nanos) {
    long now = clock.getAsLong();
    synchronized (this) {
      Long oldest = unwrittenSince.peek();
      return oldest != null && now - oldest > nanos;
    }
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  /** Runs {@code action} once the output closes (at once if it is closed already). */
  public void onClosed(Runnable action) {
    synchronized (this) {
      if (!closed) {
        onClosed.add(action);
        return;
      }
    }
    action.run();
  }

  /** Ends the response (what was sent before still goes out) and runs the close actions, once. */
  public void close() {
    List<Runnable> actions;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      actions = List.copyOf(onClosed);
      onClosed.clear();
    }
    try {
      sink.close();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "closing a server-sent event stream failed", e);
    }
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a close action of a server-sent event stream failed", e);
      }
    }
  }
}
