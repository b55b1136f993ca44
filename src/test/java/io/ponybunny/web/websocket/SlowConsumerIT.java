package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is closed with 4008 "slow consumer" once its queue passes the bound
 * (1 MiB), within 5 s of falling behind, while the goal's other clients get every stream complete.
 */
class SlowConsumerIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int STREAMS = 4;

  @Test
  void aClientThatStopsReadingIsClosedWith4008AndOthersComplete() throws Exception {
    String goal = "slow-" + UUID.randomUUID();
    // Warm the stream path first: on a cold server the streams run at half pace, which doubles the
    // time a client that stops reading takes to pass the bound. On another goal: an unpaced burst
    // to the readers below on a cold server can pass their bound too.
    ChannelClient.completeAll(goal + "-warm", "sim/warm~tokens=3000~tps=0", "Warm", STREAMS, WAIT);
    List<ChannelClient> others = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ChannelClient c = ChannelClient.openOwn("/ws/goals/" + goal);
      others.add(c);
      c.awaitFirst(WAIT);
      c.lazy();
    }
    try (RawSlowClient slow = new RawSlowClient("/ws/goals/" + goal)) {
      slow.readSnapshot();
      long stoppedAt = System.currentTimeMillis();
      // ~8 MB of frames per client in ~5 s: readers keep up; the client that reads nothing
      // passes the kernel's socket buffers and the 1 MiB queue bound within a few seconds.
      List<String> requestIds =
          ChannelClient.completeAll(goal, "sim/slow~tokens=6000~tps=1000", "Slow", STREAMS, WAIT);
      for (String requestId : requestIds) {
        for (ChannelClient c : others) {
          JsonObject end = c.awaitTerminal(requestId, WAIT);
          assertEquals("llm.stream.end", end.getString("event"));
        }
      }
      long lastEnd = 0;
      for (ChannelClient c : others) {
        assertFalse(c.closed().isDone(), "the readers stay connected");
        for (JsonObject e : c.events()) {
          lastEnd = Math.max(lastEnd, ChannelClient.data(e).getJsonNumber("timestamp").longValue());
        }
      }

      int code = slow.drain();
      if (code != -1) {
        assertEquals(4008, code, "the client that stopped reading");
        assertEquals("slow consumer", slow.closeReason);
      } // else the link was dropped after the close, which could not be written for 5.5 s
      long fedFor = slow.lastTimestamp - slow.firstTimestamp;
      System.out.printf(
          "SlowConsumerIT: the slow client got %d bytes of events over %d ms before %s;"
              + " the streams ran %d ms%n",
          slow.bytes,
          fedFor,
          code == -1 ? "the link was dropped" : "4008",
          lastEnd - slow.firstTimestamp);
      assertTrue(slow.lastTimestamp < lastEnd, "cut off before the streams ended");
      assertTrue(fedFor < 5_000, "closed within 5 s of falling behind, not " + fedFor + " ms");
    } finally {
      others.forEach(ChannelClient::close);
    }
  }
}
