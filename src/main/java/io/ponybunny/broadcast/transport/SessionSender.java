package io.ponybunny.broadcast.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * The outbound side of one subscriber, a WebSocket session or a server-sent event stream (its
 * {@link Wire}), with at most one send in flight (concurrent sends on a session are illegal). Its
 * parts work under its lock: the bounded {@link FrameQueue}, the {@link Batcher} that coalesces
 * what piled up during a send into one batch frame, the {@link Pacer} that holds back the batches
 * of a client that stays behind, the {@link SessionWriter} that puts a frame on the wire and the
 * {@link SessionCloser}. It decides when to close: 4008 "slow consumer" when the queue passes its
 * bound, "snapshot too large" when the snapshot alone does not fit in it, "send timeout" when a
 * send stays on the wire too long; a failed send stops it.
 *
 * <p>Channels {@link #enqueue} under their lock (which fixes the order) and {@link #kick} after
 * releasing it (which does the I/O).
 */
public final class SessionSender {

  private final FrameQueue queue;
  private final Pacer pacer;
  private final SessionWriter wire;
  private final SessionCloser closer;
  private final BroadcastMetrics metrics;
  private final LongSupplier clock;

  // Guarded by this.
  private boolean inFlight;
  private boolean closed;
  private boolean initialPending; // a snapshot is being encoded: it goes first, nothing before it

  /**
   * @param scheduler paces batches of a client that stays behind (its tasks only start async
   *     sends); null sends them at once
   */
  public SessionSender(
      Session session,
      long maxQueuedChars,
      long batchIntervalMillis,
      ScheduledExecutorService scheduler,
      BroadcastMetrics metrics) {
    this(session, maxQueuedChars, batchIntervalMillis, scheduler, null, null, metrics);
  }

  /**
   * @param closer writes close frames, which can block behind a slow client's unread data; null
   *     closes on the writer, if any, else on the caller's thread
   * @param writer runs blocking sends, one per task (see {@link SocketWriters}); null, or a writer
   *     that refuses a send, uses the container's asynchronous send
   */
  public SessionSender(
      Session session,
      long maxQueuedChars,
      long batchIntervalMillis,
      ScheduledExecutorService scheduler,
      Executor closer,
      Executor writer,
      BroadcastMetrics metrics) {
    this(Wire.of(session), maxQueuedChars, batchIntervalMillis, scheduler, closer, writer, metrics);
  }

  /**
   * A sender on any {@link Wire}; as above, and a wire without blocking sends ignores {@code
   * writer}.
   */
  public SessionSender(
      Wire wire,
      long maxQueuedChars,
      long batchIntervalMillis,
      ScheduledExecutorService scheduler,
      Executor closer,
      Executor writer,
      BroadcastMetrics metrics) {
    this(
        wire,
        maxQueuedChars,
        batchIntervalMillis,
        scheduler,
        closer,
        writer,
        metrics,
        System::nanoTime);
  }

  /** A sender on its own clock ({@link System#nanoTime()} units), for tests. */
  SessionSender(
      Session session,
      long maxQueuedChars,
      long batchIntervalMillis,
      ScheduledExecutorService scheduler,
      Executor closer,
      Executor writer,
      BroadcastMetrics metrics,
      LongSupplier clock) {
    this(
        Wire.of(session),
        maxQueuedChars,
        batchIntervalMillis,
        scheduler,
        closer,
        writer,
        metrics,
        clock);
  }

  private SessionSender(
      Wire wire,
      long maxQueuedChars,
      long batchIntervalMillis,
      ScheduledExecutorService scheduler,
      Executor closer,
      Executor writer,
      BroadcastMetrics metrics,
      LongSupplier clock) {
    this.metrics = metrics == null ? BroadcastMetrics.NOOP : metrics;
    this.clock = clock;
    this.queue = new FrameQueue(maxQueuedChars, this.metrics);
    this.pacer = new Pacer(batchIntervalMillis, scheduler);
    this.wire = new SessionWriter(wire, writer, clock, this::sent);
    this.closer =
        new SessionCloser(wire, closer != null ? closer : wire.blockingSends() ? writer : null);
  }

  /**
   * Queues a replayed frame, sent before any live frame; it does not count toward the slow-consumer
   * bound (a resume of thousands of events must not trip it). Call before the sender is subscribed.
   */
  public synchronized void enqueueInitial(String frame) {
    if (!closed) {
      queue.addReplayed(frame);
    }
  }

  /**
   * Holds back every frame until {@link #initialReady} puts the snapshot first: the channel
   * registers the sender under its lock and encodes the snapshot after it. Call before the sender
   * is subscribed.
   */
  public synchronized void awaitInitial() {
    initialPending = true;
  }

  /** Characters that can still be queued before the slow-consumer bound. */
  public synchronized long room() {
    return queue.room();
  }

  /**
   * Puts the snapshot before the live frames queued meanwhile and sends. It counts toward the
   * slow-consumer bound like live frames; {@code frame} null (the snapshot would not fit in it)
   * closes the socket with 4008 "snapshot too large".
   */
  public void initialReady(String frame) {
    synchronized (this) {
      initialPending = false;
      if (closed) {
        return;
      }
      if (frame != null) {
        queue.putSnapshotFirst(frame);
      }
    }
    if (frame == null) {
      closeSlow(SessionCloser.SNAPSHOT_TOO_LARGE);
      return;
    }
    kick();
  }

  /** Queues a live frame without I/O; {@link #kick} sends it (or closes an overflowing client). */
  public synchronized void enqueue(String frame) {
    if (!closed) {
      queue.add(frame);
    }
  }

  /** Queues a frame and sends it; never blocks on the client. */
  public void send(String frame) {
    enqueue(frame);
    kick();
  }

  /** Starts sending queued frames, or closes the socket with 4008 if its queue overflowed. */
  public void kick() {
    boolean slow;
    synchronized (this) {
      slow = queue.overflowed() && !closed;
    }
    if (slow) {
      closeSlow(SessionCloser.QUEUE_FULL);
      return;
    }
    drain(false);
  }

  /** Queued characters of live frames not yet handed to the container. */
  public synchronized long queuedChars() {
    return queue.chars();
  }

  /** Sends what is queued; {@code waited}: the pacing interval is over, send without asking. */
  private void drain(boolean waited) {
    Batcher.Send out;
    synchronized (this) {
      if (closed || inFlight || pacer.waiting() || initialPending || queue.isEmpty()) {
        return;
      }
      long now = clock.getAsLong();
      if (!waited && pacer.holdBack(now, Batcher.partial(queue), this::resume)) {
        return;
      }
      out = Batcher.take(queue);
      pacer.sending(now, out.kind());
      inFlight = true;
    }
    metrics.sent(out.frame().length());
    wire.write(out.frame());
  }

  /** On the pacing scheduler's thread (the server's managed scheduler): sends never block it. */
  private void resume() {
    synchronized (this) {
      pacer.resumed();
    }
    drain(true);
  }

  /** The send in flight completed; a failed one stops the sender. */
  private void sent(SendResult result) {
    synchronized (this) {
      inFlight = false;
      pacer.completed(clock.getAsLong());
      if (!result.isOK()) {
        stop();
        return;
      }
    }
    drain(false);
  }

  /**
   * Closes the session with 4008 "send timeout" when the send on the wire (blocking or
   * asynchronous) began more than {@code timeoutNanos} ago: the client stopped reading. The close
   * runs on the closer, as for a slow consumer, so the caller (a timer) never waits on the client;
   * closing makes the blocked write fail. Returns whether it closed.
   */
  public boolean closeIfSendTimedOut(long timeoutNanos) {
    if (!wire.sendingLongerThan(timeoutNanos) || isClosed()) {
      return false;
    }
    closeSlow(SessionCloser.SEND_TIMEOUT);
    return true;
  }

  private void closeSlow(String reason) {
    metrics.slowConsumerClosed();
    close(SessionCloser.slowConsumer(reason));
  }

  /**
   * Closes the session with {@code reason}; later frames are dropped. The close frame is written by
   * the closer when there is one: writing it can block behind unread data of a slow client, and the
   * caller may be a publisher.
   */
  public void close(CloseReason reason) {
    if (stopOnce()) {
      closer.close(reason);
    }
  }

  /**
   * Closes the session with {@code reason} on the caller's thread: for the server's stop, when the
   * container may no longer run tasks the application hands it.
   */
  public void closeHere(CloseReason reason) {
    if (stopOnce()) {
      closer.closeHere(reason);
    }
  }

  /**
   * Whether this sender stopped sending (closed, failed, or its socket went away). Reads only this
   * sender's state: it never calls into the container, so channels can ask under their lock.
   */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** The socket went away (the endpoint's close callback): drop everything, send nothing more. */
  public void markClosed() {
    stopOnce();
  }

  /** Stops the sender; false if it was stopped already. */
  private synchronized boolean stopOnce() {
    if (closed) {
      return false;
    }
    stop();
    return true;
  }

  private void stop() {
    closed = true;
    queue.clear();
  }
}
