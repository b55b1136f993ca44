package io.ponybunny.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.broadcast.transport.SenderSettings;
import org.junit.jupiter.api.Test;

class BroadcastConfigTest {

  @Test
  void theSettingsAreTheConfiguredValuesWithTheReplayAgeInMilliseconds() {
    BroadcastConfig config = new BroadcastConfig();
    config.maxQueuedBytes = 1_000;
    config.replayMaxEvents = 20;
    config.replayMaxAgeSeconds = 30;
    config.completedStreams = 4;
    config.maxStreamChars = 5_000;
    config.batchIntervalMs = 60;
    config.sendTimeoutMs = 7_000;
    config.maxFreeChannelsPerPrincipal = 8;
    config.replayMaxBytes = 9_000;
    config.blockingSends = "pool";
    config.writerThreads = 3;
    assertEquals(
        new BroadcastSettings(1_000, 20, 30_000, 4, 5_000, 60, 7_000, 8, 9_000), config.settings());
    assertEquals(new SenderSettings(1_000, 60, 7_000), config.settings().senders());
    assertEquals("pool", config.blockingSends());
    assertEquals(3, config.writerThreads());
  }
}
