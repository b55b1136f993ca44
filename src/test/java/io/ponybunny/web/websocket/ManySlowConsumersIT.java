package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.RawWsClient;
import io.ponybunny.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * More clients stop reading than the server has writer threads ({@code
 * ponybunny.ws.writer-threads}, twice the processors and at least 4, on Java 17–23; virtual threads
 * on 24+): the goal's readers keep getting frames all along, never waiting for a stuck write to
 * end. Without the writer pool's stall guard every writer would sit in a slow client's write until
 * its close (seconds), and the readers with them. (Whether each slow client passes its 1 MiB bound
 * depends on how much the kernel buffers for it; SlowConsumerIT checks the 4008.)
 */
class ManySlowConsumersIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int SLOW = 20;
  private static final int STREAMS = 4;

  /** Longest pause a reader may see while the streams run (the guard acts within ~0.75 s). */
  private static final long MAX_SILENCE_MS = 2_500;

  @Test
  void readersKeepGettingFramesWhileMoreClientsThanWritersStopReading() throws Exception {
    String goal = "many-slow-" + UUID.randomUUID();
    List<RawWsClient> readers = new ArrayList<>();
    List<RawWsClient> slow = new ArrayList<>();
    try {
      // Warm the stream path on another goal: an unpaced burst is more than these readers, which
      // parse every message, take in before their 1 MiB bound on a cold JVM.
      TestServer.completeAll(goal + "-warm", "sim/warm~tokens=3000~tps=0", "Warm", STREAMS, WAIT);
      for (int i = 0; i < 2; i++) {
        RawWsClient r = RawWsClient.open("/ws/goals/" + goal);
        readers.add(r);
        r.awaitFirst(WAIT);
      }
      for (int i = 0; i < SLOW; i++) {
        slow.add(RawWsClient.openAndStopReading("/ws/goals/" + goal));
      }
      long started = System.nanoTime();
      List<String> requestIds =
          TestServer.completeAll(goal, "sim/slow~tokens=6000~tps=1000", "Slow", STREAMS, WAIT);
      for (String requestId : requestIds) {
        for (RawWsClient r : readers) {
          assertEquals("llm.stream.end", r.awaitTerminal(requestId, WAIT).getString("event"));
        }
      }
      for (RawWsClient r : readers) {
        long silence = r.longestSilenceMillis(started);
        System.out.printf("ManySlowConsumersIT: a reader's longest silence %d ms%n", silence);
        assertTrue(
            silence < MAX_SILENCE_MS,
            "a reader waited " + silence + " ms for a frame while the streams ran");
      }
    } finally {
      readers.forEach(RawWsClient::close);
      slow.forEach(RawWsClient::close);
    }
  }
}
