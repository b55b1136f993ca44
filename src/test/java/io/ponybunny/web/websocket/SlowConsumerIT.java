package io.ponybunny.web.websocket;

import static io.ponybunny.testing.StreamAssertions.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.RawWsClient;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
    TestServer.completeAll(goal + "-warm", "sim/warm~tokens=3000~tps=0", "Warm", STREAMS, WAIT);
    List<WsClient> others = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      WsClient c = WsClient.to("/ws/goals/" + goal).ownHttpClient().connect().join();
      others.add(c);
      c.awaitFirst(WAIT);
      c.lazy();
    }
    try (RawWsClient slow = RawWsClient.openAndStopReading("/ws/goals/" + goal)) {
      long snapshotBytes = slow.textBytes();
      long stoppedAt = System.currentTimeMillis();
      // ~8 MB of frames per client in ~5 s: readers keep up; the client that reads nothing
      // passes the kernel's socket buffers and the 1 MiB queue bound within a few seconds.
      List<String> requestIds =
          TestServer.completeAll(goal, "sim/slow~tokens=6000~tps=1000", "Slow", STREAMS, WAIT);
      for (String requestId : requestIds) {
        for (WsClient c : others) {
          JsonObject end = c.awaitTerminal(requestId, WAIT);
          assertEquals("llm.stream.end", end.getString("event"));
        }
      }
      long lastEnd = 0;
      for (WsClient c : others) {
        assertFalse(c.closed().isDone(), "the readers stay connected");
        for (JsonObject e : c.events()) {
          lastEnd = Math.max(lastEnd, data(e).getJsonNumber("timestamp").longValue());
        }
      }

      int code = slow.drain();
      if (code != -1) {
        assertEquals(4008, code, "the client that stopped reading");
        assertEquals("slow consumer", slow.closeReason());
      } // else the link was dropped after the close, which could not be written for 5.5 s
      // When the events it got were sent (-1: none).
      List<Long> sent =
          slow.events().stream()
              .map(e -> data(e).getJsonNumber("timestamp"))
              .filter(Objects::nonNull)
              .map(JsonNumber::longValue)
              .toList();
      long firstTimestamp = sent.isEmpty() ? -1 : sent.get(0);
      long lastTimestamp = sent.isEmpty() ? -1 : sent.get(sent.size() - 1);
      long fedFor = lastTimestamp - firstTimestamp;
      System.out.printf(
          "SlowConsumerIT: the slow client got %d bytes of events over %d ms before %s;"
              + " the streams ran %d ms%n",
          slow.textBytes() - snapshotBytes,
          fedFor,
          code == -1 ? "the link was dropped" : "4008",
          lastEnd - firstTimestamp);
      assertTrue(lastTimestamp < lastEnd, "cut off before the streams ended");
      assertTrue(fedFor < 5_000, "closed within 5 s of falling behind, not " + fedFor + " ms");
    } finally {
      others.forEach(WsClient::close);
    }
  }
}
