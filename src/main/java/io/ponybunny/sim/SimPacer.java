package io.ponybunny.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Writes frames to the response body with token-rate pacing and the scenario's faults, flushing
 * after every frame so bytes leave immediately.
 *
 * <p>Clock and sleeper are injectable so tests need no real sleeps.
 */
public final class SimPacer {

  /** A monotonic clock in nanoseconds. */
  public interface Clock {
    long nanoTime();
  }

  /** Sleeps for a duration in nanoseconds. */
  public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  /** Observes the write. */
  public interface Listener {
    default void bytesWritten(int n) {}

    default void clientClosed() {}
  }

  /** How a write ended (a cut ends with {@link SimCutException} instead). */
  public enum Outcome {
    /** All frames written. */
    COMPLETED,
    /** The mid-stream error frame was written and the stream ended there. */
    ERROR_SENT,
    /** A write or flush failed: the client went away. */
    CLIENT_CLOSED,
    /** The thread was interrupted while waiting. */
    INTERRUPTED
  }

  /**
   * The faults that shape a write.
   *
   * @param cutAfterBytes abort after this many bytes, or null
   * @param errorAfterChunks mid-stream error after this many content frames, or null
   * @param stallFirstMs wait before the first byte
   * @param stallBetweenMs wait between frames
   * @param malformed insert one malformed frame after the first content frame
   * @param pauseAfterChunks after this many content frames, wait {@code pauseMs} once; or null
   * @param pauseMs that one wait
   */
  public record Faults(
      Long cutAfterBytes,
      Integer errorAfterChunks,
      long stallFirstMs,
      long stallBetweenMs,
      boolean malformed,
      Integer pauseAfterChunks,
      long pauseMs) {

    public static final Faults NONE = new Faults(null, null, 0, 0, false);

    /** Faults without a mid-stream pause. */
    public Faults(
        Long cutAfterBytes,
        Integer errorAfterChunks,
        long stallFirstMs,
        long stallBetweenMs,
        boolean malformed) {
      this(cutAfterBytes, errorAfterChunks, stallFirstMs, stallBetweenMs, malformed, null, 0);
    }

    public static Faults of(SimScenario s) {
      return new Faults(
          s.cutAfterBytes(),
          s.errorAfterChunks(),
          s.stallFirstMs() == null ? 0 : s.stallFirstMs(),
          s.stallBetweenMs() == null ? 0 : s.stallBetweenMs(),
          s.malformed(),
          s.pauseAfterChunks(),
          s.pauseMs() == null ? 0 : s.pauseMs());
    }
  }

  private final Clock clock;
  private final Sleeper sleeper;

  public SimPacer(Clock clock, Sleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** A pacer on the system clock and {@link Thread#sleep}. */
  public static SimPacer system() {
    return new SimPacer(
        System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L)));
  }

  /**
   * The frames to write, in order, after applying {@code error-after-chunks} and {@code malformed}.
   *
   * <p>The error frame goes right after the N-th content frame (before the first content frame when
   * N is 0, after the last one when the stream has fewer) and ends the stream. The malformed frame
   * goes right after the first content frame.
   */
  public static List<SimFrame> plan(
      List<SimFrame> frames, IntFunction<SimFrame> errorFrame, SimFrame malformed, Faults faults) {
    int contentTotal = 0;
    int firstContent = -1;
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i).content()) {
        if (firstContent < 0) {
          firstContent = i;
        }
        contentTotal++;
      }
    }
    int errorAt = -1;
    if (faults.errorAfterChunks() != null) {
      int n = Math.min(faults.errorAfterChunks(), contentTotal);
      if (contentTotal == 0) {
        errorAt = Math.min(1, frames.size());
      } else if (n == 0) {
        errorAt = firstContent;
      } else {
        int seen = 0;
        for (int i = 0; i < frames.size(); i++) {
          if (frames.get(i).content() && ++seen == n) {
            errorAt = i + 1;
            break;
          }
        }
      }
    }
    int malformedAt = -1;
    if (faults.malformed() && malformed != null) {
      malformedAt = firstContent >= 0 ? firstContent + 1 : Math.min(1, frames.size());
    }
    int end = errorAt >= 0 ? errorAt : frames.size();
    List<SimFrame> out = new ArrayList<>(end + 2);
    for (int i = 0; i <= end; i++) {
      if (i == malformedAt) {
        out.add(malformed);
      }
      if (i < end) {
        out.add(frames.get(i));
      }
    }
    if (errorAt >= 0) {
      out.add(errorFrame.apply(errorAt));
    }
    return out;
  }

  /**
   * Writes {@code planned} frames (see {@link #plan}) to {@code out}.
   *
   * @param tokensPerSecond content frames per second; 0 or less writes as fast as possible
   * @throws SimCutException after writing exactly {@code cutAfterBytes} bytes (or the whole stream,
   *     when shorter)
   */
  public Outcome write(
      OutputStream out,
      List<SimFrame> planned,
      boolean endsWithError,
      double tokensPerSecond,
      Faults faults,
      Listener listener) {
    long interval = tokensPerSecond > 0 ? (long) (1_000_000_000L / tokensPerSecond) : 0;
    long written = 0;
    Long cut = faults.cutAfterBytes();
    try {
      if (faults.stallFirstMs() > 0) {
        sleeper.sleep(faults.stallFirstMs() * 1_000_000L);
      }
      long nextDue = Long.MIN_VALUE;
      int contentSent = 0;
      for (int i = 0; i < planned.size(); i++) {
        SimFrame frame = planned.get(i);
        if (i > 0 && faults.stallBetweenMs() > 0) {
          sleeper.sleep(faults.stallBetweenMs() * 1_000_000L);
        }
        if (frame.content()
            && faults.pauseAfterChunks() != null
            && contentSent == faults.pauseAfterChunks()) {
          sleeper.sleep(faults.pauseMs() * 1_000_000L);
          nextDue = Long.MIN_VALUE;
        }
        if (frame.content() && interval > 0) {
          long now = clock.nanoTime();
          if (nextDue != Long.MIN_VALUE && now < nextDue) {
            sleeper.sleep(nextDue - now);
            now = nextDue;
          }
          nextDue = now + interval;
        }
        byte[] b = frame.bytes();
        if (cut != null && written + b.length >= cut) {
          int n = (int) (cut - written);
          send(out, b, n, listener);
          throw new SimCutException(cut);
        }
        send(out, b, b.length, listener);
        written += b.length;
        if (frame.content()) {
          contentSent++;
        }
      }
      if (cut != null) {
        out.flush();
        throw new SimCutException(written);
      }
    } catch (IOException e) {
      listener.clientClosed();
      return Outcome.CLIENT_CLOSED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.INTERRUPTED;
    }
    return endsWithError ? Outcome.ERROR_SENT : Outcome.COMPLETED;
  }

  private static void send(OutputStream out, byte[] b, int n, Listener listener)
      throws IOException {
    if (n > 0) {
      out.write(b, 0, n);
    }
    out.flush();
    listener.bytesWritten(n);
  }
}
