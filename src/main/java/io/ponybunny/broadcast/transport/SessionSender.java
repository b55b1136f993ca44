package io.ponybunny.broadcast.transport;

import io.ponybunny.broadcast.StreamFrames;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outbound side of one WebSocket session: one queue, at most one send in flight (concurrent
 * sends on a session are illegal). Frames that pile up while a send is in flight go out together as
 * one batch frame: a client that keeps up gets every frame at once, without delay, and so does one
 * that falls behind for less than the batch interval (a burst, a pause of the server); a client
 * that stays behind for longer gets at most one batch frame per batch interval, until a batch goes
 * through quickly again. A client whose queue exceeds the bound is closed with 4008 "slow
 * consumer".
 *
 * <p>Channels {@link #enqueue} under their lock (which fixes the order) and {@link #kick} after
 * releasing it (which does the I/O).
 */
public final class SessionSender implements SendHandler {

  /** Close code for a client that does not read fast enough. */
  public static final int SLOW_CONSUMER = 4008;

  /** Close code when the server stops. */
  public static final int GOING_AWAY = 1001;

  private static final Logger LOG = Logger.getLogger(SessionSender.class.getName());
  private static final int MAX_BATCH_FRAMES = 8192;
  private static final int MAX_BATCH_CHARS = 1 << 20;

  private final Session session;
  private final long maxQueuedChars;
  private final long batchIntervalNanos;
  private final ScheduledExecutorService scheduler;
  private final Executor closer;
  private final Executor writer;
  private final BroadcastMetrics metrics;
  private final LongSupplier clock;

  // Guarded by this.
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private long queuedChars;
  private int uncountedHead;
  private boolean inFlight;
  private boolean timerPending;
  private boolean closed;
  private boolean overflow;
  private long behindSince; // when the current run of batch sends began; 0: keeping up
  private boolean paced; // the send in flight was held back for the interval
  private long lastSendNanos;
  private boolean initialPending; // a snapshot is being encoded: it goes first, nothing before it
  private boolean soloHead; // the head of the queue is a snapshot: it goes in a frame of its own

  // When the send on the wire began (clock units), 0 when none is: read by the send-timeout check.
  private volatile long sendStarted;

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
    this(
        session,
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
    this.clock = clock;
    this.writer = writer;
    this.session = session;
    this.maxQueuedChars = maxQueuedChars;
    this.batchIntervalNanos = TimeUnit.MILLISECONDS.toNanos(batchIntervalMillis);
    this.scheduler = scheduler;
    this.closer = closer;
    this.metrics = metrics == null ? BroadcastMetrics.NOOP : metrics;
  }

  public Session session() {
    return session;
  }

  /**
   * Queues a replayed frame, sent before any live frame; it does not count toward the slow-consumer
   * bound (a resume of thousands of events must not trip it). Call before the sender is subscribed.
   */
  public synchronized void enqueueInitial(String frame) {
    if (!closed) {
      queue.add(frame);
      uncountedHead++;
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
    return Math.max(0, maxQueuedChars - queuedChars);
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
        queue.addFirst(frame);
        soloHead = true;
        queuedChars += frame.length();
        metrics.queued(frame.length());
        if (queuedChars > maxQueuedChars) {
          overflow = true;
        }
      }
    }
    if (frame == null) {
      metrics.slowConsumerClosed();
      close(new CloseReason(() -> SLOW_CONSUMER, "snapshot too large"));
      return;
    }
    kick();
  }

  /** Queues a live frame without I/O; {@link #kick} sends it (or closes an overflowing client). */
  public synchronized void enqueue(String frame) {
    if (closed || overflow) {
      return;
    }
    queuedChars += frame.length();
    if (queuedChars > maxQueuedChars) {
      queuedChars -= frame.length();
      overflow = true;
      return;
    }
    queue.add(frame);
    metrics.queued(frame.length());
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
      slow = overflow && !closed;
    }
    if (slow) {
      metrics.slowConsumerClosed();
      close(new CloseReason(() -> SLOW_CONSUMER, "slow consumer"));
      return;
    }
    drain();
  }

  /** Queued characters of live frames not yet handed to the container. */
  public synchronized long queuedChars() {
    return queuedChars;
  }

  private void drain() {
    drain(false);
  }

  /** Sends what is queued; {@code waited}: the pacing interval is over, send without asking. */
  private void drain(boolean waited) {
    String out;
    synchronized (this) {
      if (closed || inFlight || timerPending || initialPending || queue.isEmpty()) {
        return;
      }
      long now = clock.getAsLong();
      if (!waited
          && queue.size() > 1
          && queue.size() < MAX_BATCH_FRAMES
          && queuedChars < MAX_BATCH_CHARS
          && uncountedHead == 0
          && behindSince != 0
          && now - behindSince >= batchIntervalNanos
          && scheduler != null
          && batchIntervalNanos > 0
          && now - lastSendNanos < batchIntervalNanos) {
        // Behind for longer than the interval, with less than a full batch queued: gather more for
        // one frame per interval (a full batch goes at once).
        timerPending = true;
        paced = true;
        long delay = batchIntervalNanos - (now - lastSendNanos);
        try {
          scheduler.schedule(this::timerFired, delay, TimeUnit.NANOSECONDS);
          return;
        } catch (RuntimeException e) {
          timerPending = false; // scheduler gone (shutdown): send now
        }
      }
      out = takeFrame(now);
      inFlight = true;
      lastSendNanos = now;
    }
    metrics.sent(out.length());
    if (writer != null) {
      try {
        writer.execute(new BlockingSend(out));
        return;
      } catch (RejectedExecutionException refused) {
        // The writers are stalled behind clients that stopped reading, or stopping: send async.
      }
    }
    sendAsync(out);
  }

  private void sendAsync(String frame) {
    sendStarted = clock.getAsLong();
    try {
      session.getAsyncRemote().sendText(frame, this);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "send failed", e);
      onResult(new SendResult(e));
    }
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

  /**
   * A blocking send on the writer's thread, then the same completion as an asynchronous send.
   * Liberty's blocking send has no timeout of its own: a client that stops reading is closed with
   * 4008 when its queue overflows or its send passes the send timeout ({@link
   * #closeIfSendTimedOut}), and closing it makes the blocked write fail (Liberty forces the link
   * closed when a close waits on a write for longer than 5.5 s).
   */
  private void sendBlocking(String frame) {
    SendResult result;
    sendStarted = clock.getAsLong();
    try {
      session.getBasicRemote().sendText(frame);
      result = new SendResult();
    } catch (IOException | RuntimeException e) {
      result = new SendResult(e);
    }
    onResult(result);
  }

  /** On the pacing scheduler's thread (the server's managed scheduler): sends never block it. */
  private void timerFired() {
    synchronized (this) {
      timerPending = false;
    }
    drain(true);
  }

  /** Polls one frame, or a batch of everything queued up to the batch limits. Holds the lock. */
  private String takeFrame(long now) {
    if (soloHead) {
      soloHead = false;
      return poll(); // a snapshot is never part of a batch
    }
    String first = poll();
    if (queue.isEmpty()) {
      behindSince = 0;
      paced = false;
      return first;
    }
    List<String> frames = new ArrayList<>();
    frames.add(first);
    int chars = first.length();
    while (frames.size() < MAX_BATCH_FRAMES && chars < MAX_BATCH_CHARS && !queue.isEmpty()) {
      String next = poll();
      frames.add(next);
      chars += next.length();
    }
    if (behindSince == 0) {
      behindSince = now;
    }
    return StreamFrames.batch(frames);
  }

  private String poll() {
    String frame = queue.poll();
    if (uncountedHead > 0) {
      uncountedHead--;
    } else {
      queuedChars -= frame.length();
      metrics.queued(-frame.length());
    }
    return frame;
  }

  private void dropQueue() {
    metrics.queued(-queuedChars);
    queuedChars = 0;
    uncountedHead = 0;
    queue.clear();
  }

  @Override
  public void onResult(SendResult result) {
    sendStarted = 0;
    synchronized (this) {
      inFlight = false;
      if (paced && clock.getAsLong() - lastSendNanos < batchIntervalNanos / 2) {
        // A paced batch went through quickly: the client keeps up again.
        paced = false;
        behindSince = 0;
      }
      if (!result.isOK()) {
        closed = true;
        dropQueue();
        return;
      }
    }
    drain();
  }

  /**
   * Closes the session with 4008 "send timeout" when the send on the wire (blocking or
   * asynchronous) began more than {@code timeoutNanos} ago: the client stopped reading. The close
   * runs on the closer, as for a slow consumer, so the caller (a timer) never waits on the client;
   * closing makes the blocked write fail. Returns whether it closed.
   */
  public boolean closeIfSendTimedOut(long timeoutNanos) {
    long started = sendStarted;
    if (started == 0 || clock.getAsLong() - started <= timeoutNanos || isClosed()) {
      return false;
    }
    metrics.slowConsumerClosed();
    close(new CloseReason(() -> SLOW_CONSUMER, "send timeout"));
    return true;
  }

  /**
   * Closes the session with {@code reason}; later frames are dropped. The close frame is written by
   * the closer when there is one: writing it can block behind unread data of a slow client, and the
   * caller may be a publisher.
   */
  public void close(CloseReason reason) {
    close(reason, closer != null ? closer : writer);
  }

  /**
   * Closes the session with {@code reason} on the caller's thread: for the server's stop, when the
   * container may no longer run tasks the application hands it.
   */
  public void closeHere(CloseReason reason) {
    close(reason, null);
  }

  private void close(CloseReason reason, Executor off) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      dropQueue();
    }
    if (off != null) {
      try {
        off.execute(() -> closeSession(reason));
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "close on the caller's thread", e);
      }
    }
    closeSession(reason);
  }

  private void closeSession(CloseReason reason) {
    try {
      if (session.isOpen()) {
        session.close(reason);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "close failed", e);
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
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      dropQueue();
    }
  }
}
