package io.ponybunny.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimPacerTest {

  /** A fake clock that only moves when the pacer sleeps. */
  static final class FakeTime implements SimPacer.Clock, SimPacer.Sleeper {
    long now = 1_000_000_000L;
    final List<Long> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleep(long nanos) {
      sleeps.add(nanos);
      now += nanos;
    }
  }

  static final class Counting implements SimPacer.Listener {
    long bytes;
    boolean closed;

    @Override
    public void bytesWritten(int n) {
      bytes += n;
    }

    @Override
    public void clientClosed() {
      closed = true;
    }
  }

  /** Output stream that records flush boundaries. */
  static final class Flushes extends ByteArrayOutputStream {
    final List<Integer> flushedAt = new ArrayList<>();

    @Override
    public void flush() {
      flushedAt.add(size());
    }
  }

  private final FakeTime time = new FakeTime();
  private final SimPacer pacer = new SimPacer(time, time);

  private static List<SimFrame> frames() {
    return List.of(
        SimFrame.control("<start>"),
        SimFrame.content("[a]"),
        SimFrame.content("[b]"),
        SimFrame.content("[c]"),
        SimFrame.control("<end>"));
  }

  private static String text(List<SimFrame> fs) {
    StringBuilder sb = new StringBuilder();
    fs.forEach(f -> sb.append(f.text()));
    return sb.toString();
  }

  private static SimPacer.Faults faults(Long cut, Integer errorAfter, boolean malformed) {
    return new SimPacer.Faults(cut, errorAfter, 0, 0, malformed);
  }

  private static List<SimFrame> plan(SimPacer.Faults f) {
    return SimPacer.plan(
        frames(), n -> SimFrame.control("<error@" + n + ">"), SimFrame.control("<bad>"), f);
  }

  @Test
  void withoutFaultsEverythingIsWrittenAndFlushedPerFrame() {
    Flushes out = new Flushes();
    Counting l = new Counting();
    SimPacer.Outcome o =
        pacer.write(out, plan(SimPacer.Faults.NONE), false, 0, SimPacer.Faults.NONE, l);
    assertEquals(SimPacer.Outcome.COMPLETED, o);
    assertEquals("<start>[a][b][c]<end>", out.toString(StandardCharsets.UTF_8));
    assertEquals(List.of(7, 10, 13, 16, 21), out.flushedAt);
    assertEquals(21, l.bytes);
    assertTrue(time.sleeps.isEmpty());
  }

  @Test
  void errorAfterChunksPutsTheErrorAfterTheNthContentFrameAndStops() {
    assertEquals("<start>[a][b]<error@3>", text(plan(faults(null, 2, false))));
    assertEquals("<start><error@1>", text(plan(faults(null, 0, false))));
    assertEquals("<start>[a][b][c]<error@4>", text(plan(faults(null, 3, false))));
    assertEquals("<start>[a][b][c]<error@4>", text(plan(faults(null, 99, false))));
  }

  @Test
  void malformedFrameGoesAfterTheFirstContentFrame() {
    assertEquals("<start>[a]<bad>[b][c]<end>", text(plan(faults(null, null, true))));
    assertEquals("<start>[a]<bad>[b]<error@3>", text(plan(faults(null, 2, true))));
  }

  @Test
  void errorOutcomeIsReported() {
    SimPacer.Faults f = faults(null, 1, false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(
        SimPacer.Outcome.ERROR_SENT, pacer.write(out, plan(f), true, 0, f, new Counting()));
    assertEquals("<start>[a]<error@2>", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void cutWritesExactlyNBytesThenThrows() {
    for (long n : new long[] {0, 1, 7, 8, 12, 20}) {
      SimPacer.Faults f = faults(n, null, false);
      Flushes out = new Flushes();
      Counting l = new Counting();
      assertThrows(
          SimCutException.class, () -> pacer.write(out, plan(f), false, 0, f, l), "n=" + n);
      assertEquals(n, out.size(), "n=" + n);
      assertEquals(
          "<start>[a][b][c]<end>".substring(0, (int) n), out.toString(StandardCharsets.UTF_8));
      assertEquals(n, l.bytes);
      assertEquals(
          (int) n, (int) out.flushedAt.get(out.flushedAt.size() - 1), "cut bytes are flushed");
    }
  }

  @Test
  void cutBeyondTheStreamStillAborts() {
    SimPacer.Faults f = faults(1000L, null, false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThrows(
        SimCutException.class, () -> pacer.write(out, plan(f), false, 0, f, new Counting()));
    assertEquals(21, out.size());
  }

  @Test
  void cutNeverSplitsBeyondTheLimitInsideMultiByteFrames() {
    List<SimFrame> fs = List.of(SimFrame.content("🐴🐴"));
    SimPacer.Faults f = faults(5L, null, false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThrows(SimCutException.class, () -> pacer.write(out, fs, false, 0, f, new Counting()));
    assertEquals(5, out.size(), "cut counts bytes, not characters");
  }

  @Test
  void pacingSpacesContentFramesByTheTokenInterval() {
    long start = time.now;
    pacer.write(
        new ByteArrayOutputStream(),
        plan(SimPacer.Faults.NONE),
        false,
        10,
        SimPacer.Faults.NONE,
        new Counting());
    // three content frames at 10/s: first immediately, then 100 ms apart
    assertEquals(List.of(100_000_000L, 100_000_000L), time.sleeps);
    assertEquals(200_000_000L, time.now - start);
  }

  @Test
  void stallsAreAppliedBeforeTheFirstByteAndBetweenFrames() {
    SimPacer.Faults f = new SimPacer.Faults(null, null, 500, 20, false);
    Flushes out = new Flushes();
    SimPacer.Sleeper checking =
        nanos -> {
          if (time.sleeps.isEmpty()) {
            assertEquals(0, out.size(), "stall-first happens before any byte");
          }
          time.sleep(nanos);
        };
    new SimPacer(time, checking).write(out, plan(f), false, 0, f, new Counting());
    assertEquals(500_000_000L, time.sleeps.get(0));
    assertEquals(5, time.sleeps.size(), "one stall-first plus one between each of 5 frames");
    assertTrue(time.sleeps.subList(1, 5).stream().allMatch(s -> s == 20_000_000L));
  }

  @Test
  void pauseAfterChunksWaitsOnceAfterThatManyContentFramesWereSent() {
    SimPacer.Faults f = new SimPacer.Faults(null, null, 0, 0, false, 2, 3000);
    Flushes out = new Flushes();
    SimPacer.Sleeper checking =
        nanos -> {
          assertEquals("<start>[a][b]", out.toString(), "the pause follows the second chunk");
          time.sleep(nanos);
        };
    assertEquals(
        SimPacer.Outcome.COMPLETED,
        new SimPacer(time, checking).write(out, plan(f), false, 0, f, new Counting()));
    assertEquals(List.of(3_000_000_000L), time.sleeps);
    assertEquals("<start>[a][b][c]<end>", out.toString());
  }

  @Test
  void failingWriteStopsAndReportsClientClosed() {
    Counting l = new Counting();
    int[] writes = {0};
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) {}

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (++writes[0] == 2) {
              throw new IOException("Broken pipe");
            }
          }
        };
    assertEquals(
        SimPacer.Outcome.CLIENT_CLOSED,
        pacer.write(broken, plan(SimPacer.Faults.NONE), false, 0, SimPacer.Faults.NONE, l));
    assertTrue(l.closed);
    assertEquals(2, writes[0], "no writes after the failure");
  }

  @Test
  void interruptedSleepStops() {
    SimPacer p =
        new SimPacer(
            time,
            nanos -> {
              throw new InterruptedException();
            });
    SimPacer.Faults f = new SimPacer.Faults(null, null, 10, 0, false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(SimPacer.Outcome.INTERRUPTED, p.write(out, plan(f), false, 0, f, new Counting()));
    assertTrue(Thread.interrupted());
    assertEquals(0, out.size());
  }
}
