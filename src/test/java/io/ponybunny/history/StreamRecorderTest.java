package io.ponybunny.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ponybunny.cluster.ClusterSettings;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.testing.Managed;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamRecorderTest {

  @Test
  void aCheckpointSavesOnlyWhatGrewSinceTheLastOne() {
    StreamRecorder.Active a = new StreamRecorder.Active();
    assertNull(a.checkpoint("req_1", 1), "nothing streamed yet");

    a.append("Hel");
    a.append("lo");
    StreamHistory.Checkpoint first = a.checkpoint("req_1", 2);
    assertEquals(new StreamHistory.Checkpoint("req_1", "Hello", 2, 2), first);
    assertNull(a.checkpoint("req_1", 3), "no growth, no write");

    a.append(", world");
    assertEquals(
        new StreamHistory.Checkpoint("req_1", "Hello, world", 3, 4), a.checkpoint("req_1", 4));
  }

  /** Keeps the records it is given. */
  static final class MemoryHistory extends StreamHistory {
    final List<StreamRecordEntity> inserted = new ArrayList<>();

    @Override
    public void insert(StreamRecordEntity record) {
      inserted.add(record);
    }
  }

  private static StreamRecordEntity recordedStart(ClusterSettings cluster) {
    return recorded(
        cluster,
        new StreamEvent.Start("req_1", "g1", null, null, "sim/x", "sim", "alice", null, 5L));
  }

  private static StreamRecordEntity recorded(ClusterSettings cluster, StreamEvent.Start start) {
    StreamRecorder recorder = new StreamRecorder();
    MemoryHistory history = new MemoryHistory();
    recorder.store = history;
    recorder.cluster = cluster;
    recorder.executor = Managed.executor(Runnable::run);
    recorder.on(start);
    assertEquals(1, history.inserted.size());
    return history.inserted.get(0);
  }

  @Test
  void aRecordKeepsTheClientTheCallerSpokeAndItsApiKeyId() {
    StreamRecordEntity r =
        recorded(
            ClusterSettings.single(),
            new StreamEvent.Start(
                "req_1", null, null, null, "sim/x", "sim", "alice", "openai", "key_9", null, 5L));
    assertEquals("alice", r.getOwner());
    assertEquals("openai", r.getClient());
    assertEquals("key_9", r.getApiKeyId());

    StreamRecordEntity agent = recordedStart(ClusterSettings.single());
    assertNull(agent.getClient(), "the agent's calls name no client");
    assertNull(agent.getApiKeyId());
  }

  @Test
  void aRecordNamesTheClusterInstanceItStreamsOnAndNoneOnASingleNode() {
    assertEquals(
        "node-a",
        recordedStart(new ClusterSettings(true, "node-a", 30_000, 10_000, 2_000)).getInstance(),
        "the reaper finds it by its instance");
    assertNull(recordedStart(ClusterSettings.single()).getInstance());
  }
}
