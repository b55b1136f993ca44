package io.ponybunny.broadcast.transport;

import jakarta.websocket.Session;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open sockets' senders: makes each socket's {@link SessionSender} with the configured bound,
 * pacing, writers and closer, counts the open ones ({@code ponybunny.ws.connections}), closes with
 * 4008 "send timeout" those whose send stays on the wire too long (checked on a timer), and closes
 * every one with 1001 "server stopping" when the server stops.
 */
public final class SocketSenders {

  private static final Logger LOG = Logger.getLogger(SocketSenders.class.getName());

  private final SenderSettings settings;
  private final ScheduledExecutorService scheduler;
  private final SocketWriters writers;
  private final BroadcastMetrics metrics;
  private final Set<SessionSender> open = ConcurrentHashMap.newKeySet();
  private ScheduledFuture<?> timeoutWatch;
  private volatile boolean stopping;

  /**
   * @param scheduler paces the batches of clients that stay behind and runs the send-timeout check;
   *     null: neither
   */
  public SocketSenders(
      SenderSettings settings,
      ScheduledExecutorService scheduler,
      SocketWriters writers,
      BroadcastMetrics metrics) {
    this.settings = settings;
    this.scheduler = scheduler;
    this.writers = writers;
    this.metrics = metrics == null ? BroadcastMetrics.NOOP : metrics;
  }

  /**
   * Checks every quarter of the send timeout (at least every 100 ms) for sends on the wire for
   * longer than it; nothing without a scheduler or a timeout.
   */
  public void watchSendTimeouts() {
    if (scheduler != null && settings.sendTimeoutMillis() > 0) {
      long every = Math.max(100, settings.sendTimeoutMillis() / 4);
      timeoutWatch =
          scheduler.scheduleWithFixedDelay(
              this::closeTimedOutSends, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A sender for {@code session}, counted as open until {@link #closed}; once the server is
   * stopping, one already closed with 1001 "server stopping" (see {@link SessionSender#isClosed}).
   */
  public SessionSender open(Session session) {
    return open(Wire.of(session));
  }

  /** As {@link #open(Session)}, for a subscriber on any {@link Wire}. */
  public SessionSender open(Wire wire) {
    SessionSender sender =
        new SessionSender(
            wire,
            settings.maxQueuedChars(),
            settings.batchIntervalMillis(),
            scheduler,
            writers.closer(),
            writers.writer(),
            metrics);
    if (stopping) {
      sender.close(SessionCloser.serverStopping());
      return sender;
    }
    open.add(sender);
    metrics.connected(1);
    return sender;
  }

  /** The sender's socket went away: it sends nothing more and no longer counts. */
  public void closed(SessionSender sender) {
    sender.markClosed();
    if (open.remove(sender)) {
      metrics.connected(-1);
    }
  }

  /**
   * Closes, with 4008 "send timeout", every socket whose send has been on the wire for longer than
   * the send timeout (its client stopped reading); the closes run on the closer, never here.
   */
  void closeTimedOutSends() {
    long timeout = TimeUnit.MILLISECONDS.toNanos(settings.sendTimeoutMillis());
    for (SessionSender s : open) {
      try {
        s.closeIfSendTimedOut(timeout);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "send timeout check failed", e);
      }
    }
  }

  /**
   * Closes every socket with 1001 "server stopping", and every later one at once. The closes run on
   * the closer only when it outlives the server's stop (our virtual threads); otherwise here, as
   * the container may no longer run tasks now.
   */
  public void stop() {
    stopping = true;
    if (timeoutWatch != null) {
      timeoutWatch.cancel(false);
    }
    for (SessionSender s : open) {
      if (writers.closerOutlivesStop()) {
        s.close(SessionCloser.serverStopping());
      } else {
        s.closeHere(SessionCloser.serverStopping());
      }
    }
    open.clear();
  }

  /** Open senders (tests). */
  int openCount() {
    return open.size();
  }
}
