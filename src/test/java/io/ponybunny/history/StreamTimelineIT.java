package io.ponybunny.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.Eventually;
import io.ponybunny.testing.TestServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the console's timeline and replay read from a stream record on the running server: when the
 * chunks arrived (a pause the simulator makes shows as a gap), the attempts before a fallback, and
 * the console's settings.
 */
class StreamTimelineIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static JsonObject finished(String requestId) {
    return Eventually.until(
        () -> TestServer.json(TestServer.get("/api/streams/" + requestId).body()),
        r -> !"streaming".equals(r.getString("status", "streaming")),
        WAIT);
  }

  @Test
  void aRecordKeepsWhenEachChunkArrivedAndAPauseShowsAsAGap() throws Exception {
    JsonObject answer =
        TestServer.complete(
                "timeline-" + System.nanoTime(),
                "sim/demo~tokens=12~tps=50~pause-after-chunks=5~pause-ms=700",
                "timeline")
            .get(60, TimeUnit.SECONDS);
    JsonObject record = finished(answer.getString("requestId"));
    assertEquals("completed", record.getString("status"));
    JsonObject timings = record.getJsonObject("timings");
    JsonArray offsets = timings.getJsonArray("offsetsMs");
    JsonArray lengths = timings.getJsonArray("lengths");
    assertEquals(record.getInt("chunks"), offsets.size(), "one group per chunk under the bound");
    int chars = 0;
    long longestGap = 0;
    int longestAfter = -1;
    for (int i = 0; i < offsets.size(); i++) {
      chars += lengths.getInt(i);
      if (i > 0) {
        long gap = offsets.getJsonNumber(i).longValue() - offsets.getJsonNumber(i - 1).longValue();
        assertTrue(gap >= 0, "arrivals in order");
        if (gap > longestGap) {
          longestGap = gap;
          longestAfter = i;
        }
      }
    }
    assertEquals(record.getString("content").length(), chars, "the lengths add up to the text");
    // arrivals are stamped where the server reads them: a fifth chunk read late on a busy
    // machine (117 ms once, in CI) shortens the gap, never hides it
    assertTrue(longestGap >= 500, "the 700 ms pause: " + longestGap);
    assertEquals(5, longestAfter, "the pause came after the fifth chunk");
    assertEquals(0, record.getJsonArray("attempts").size(), "the first attempt served");
  }

  @Test
  void aFallbackRecordsTheAttemptsThatFailedBeforeIt() throws Exception {
    JsonObject answer =
        TestServer.complete("fallback-" + System.nanoTime(), "fallback-test", "timeline")
            .get(60, TimeUnit.SECONDS);
    JsonObject record = finished(answer.getString("requestId"));
    assertEquals("completed", record.getString("status"));
    assertEquals("sim-anthropic", record.getString("provider"));
    JsonArray attempts = record.getJsonArray("attempts");
    assertTrue(attempts.size() >= 1, record.toString());
    for (JsonObject a : attempts.getValuesAs(JsonObject.class)) {
      assertEquals("faults", a.getString("provider"), a.toString());
      assertTrue(!a.getString("error").isEmpty());
    }
    long ttft = record.getJsonNumber("ttftMs").longValue();
    long lastFailure =
        attempts.getJsonObject(attempts.size() - 1).getJsonNumber("atMs").longValue();
    assertTrue(lastFailure <= ttft, "the attempts came before the first token");
  }

  @Test
  void theConsoleReadsItsStallThresholdAndTheTimingsBound() {
    JsonObject settings = TestServer.json(TestServer.get("/api/console/settings").body());
    assertEquals(1000, settings.getInt("stallAfterMs"), "the IT server's setting");
    assertEquals(2048, settings.getInt("timingsMaxChunks"), "the default");
  }
}
