package io.ponybunny.broadcast.transport;

import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The broadcast's closes of a socket ({@code docs/streaming-protocol.md}): 4008 for a client that
 * does not keep up (its queue passed the bound, its snapshot does not fit in it, a send stayed on
 * the wire past the send timeout), 1001 when the server stops. The close frame is written off the
 * caller's thread when an executor is given: writing it can wait seconds behind a slow client's
 * unread data (Liberty writes what is pending first), and the caller may be a publisher or a timer.
 */
final class SessionCloser {

  /** Close code for a client that does not read fast enough. */
  static final int SLOW_CONSUMER = 4008;

  /** Close code when the server stops. */
  static final int GOING_AWAY = 1001;

  /** 4008 reason: the queue passed its bound. */
  static final String QUEUE_FULL = "slow consumer";

  /** 4008 reason: the snapshot alone does not fit in the bound. */
  static final String SNAPSHOT_TOO_LARGE = "snapshot too large";

  /** 4008 reason: a send stayed on the wire past the send timeout. */
  static final String SEND_TIMEOUT = "send timeout";

  private static final Logger LOG = Logger.getLogger(SessionCloser.class.getName());

  private final Wire wire;
  private final Executor off;

  /**
   * @param off writes close frames; null writes them on the caller's thread
   */
  SessionCloser(Wire wire, Executor off) {
    this.wire = wire;
    this.off = off;
  }

  /** 4008 with {@code reason}. */
  static CloseReason slowConsumer(String reason) {
    return new CloseReason(() -> SLOW_CONSUMER, reason);
  }

  /** 1001 "server stopping". */
  static CloseReason serverStopping() {
    return new CloseReason(() -> GOING_AWAY, "server stopping");
  }

  /** Closes the session off the caller's thread (on it if the executor refuses). */
  void close(CloseReason reason) {
    if (off != null) {
      try {
        off.execute(() -> closeHere(reason));
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "close on the caller's thread", e);
      }
    }
    closeHere(reason);
  }

  /** Closes the session on the caller's thread. */
  void closeHere(CloseReason reason) {
    try {
      if (wire.isOpen()) {
        wire.close(reason);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "close failed", e);
    }
  }
}
