package io.ponybunny.stream;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outbound side of one WebSocket session: one queue, at most one send in flight (concurrent
 * sends on a session are illegal). Frames that pile up while a send is in flight go out together as
 * one batch frame, so a client that keeps up gets every frame at once and a client that falls
 * behind gets fewer, larger frames. A client whose queue exceeds the byte bound is closed with 4008
 * "slow consumer".
 */
public final class SessionSender implements SendHandler {

  /** Close code for a client that does not read fast enough. */
  public static final int SLOW_CONSUMER = 4008;

  private static final Logger LOG = Logger.getLogger(SessionSender.class.getName());
  private static final int MAX_BATCH_FRAMES = 512;
  private static final int MAX_BATCH_CHARS = 256 * 1024;

  private final Session session;
  private final long maxQueuedChars;
  private final Queue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private final AtomicLong queuedChars = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  public SessionSender(Session session, long maxQueuedChars) {
    this.session = session;
    this.maxQueuedChars = maxQueuedChars;
  }

  public Session session() {
    return session;
  }

  /** Queues a frame; never blocks the caller. */
  public void send(String frame) {
    if (closed.get()) {
      return;
    }
    if (queuedChars.addAndGet(frame.length()) > maxQueuedChars) {
      close(new CloseReason(() -> SLOW_CONSUMER, "slow consumer"));
      return;
    }
    queue.add(frame);
    drain();
  }

  /** Queued characters not yet handed to the container. */
  public long queuedChars() {
    return queuedChars.get();
  }

  private void drain() {
    while (!closed.get() && !queue.isEmpty() && inFlight.compareAndSet(false, true)) {
      String first = queue.poll();
      if (first == null) {
        inFlight.set(false);
        continue;
      }
      String out = first;
      if (!queue.isEmpty()) {
        List<String> frames = new ArrayList<>();
        frames.add(first);
        int chars = first.length();
        String next;
        while (frames.size() < MAX_BATCH_FRAMES
            && chars < MAX_BATCH_CHARS
            && (next = queue.poll()) != null) {
          frames.add(next);
          chars += next.length();
        }
        out = StreamFrames.batch(frames);
        queuedChars.addAndGet(-chars);
      } else {
        queuedChars.addAndGet(-first.length());
      }
      try {
        session.getAsyncRemote().sendText(out, this);
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "send failed", e);
        closed.set(true);
        inFlight.set(false);
        return;
      }
    }
  }

  @Override
  public void onResult(SendResult result) {
    inFlight.set(false);
    if (!result.isOK()) {
      closed.set(true);
      queue.clear();
      return;
    }
    drain();
  }

  /** Closes the session with {@code reason}; later frames are dropped. */
  public void close(CloseReason reason) {
    if (closed.compareAndSet(false, true)) {
      queue.clear();
      try {
        if (session.isOpen()) {
          session.close(reason);
        }
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.FINE, "close failed", e);
      }
    }
  }

  public boolean isClosed() {
    return closed.get() || !session.isOpen();
  }
}
