package io.ponybunny.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ponybunny.cluster.ClusterSettings;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.testing.Managed;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamRecorderTest {

  @Test
  void aCheckpointSavesOnlyWhatGrewSinceTheLastOne() {
    StreamRecorder.Active a = new StreamRecorder.Active(1000L, 2048);
    assertNull(a.checkpoint("req_1", 1), "nothing streamed yet");

    a.append("Hel", 1100L);
    a.append("lo", 1150L);
    StreamHistory.Checkpoint first = a.checkpoint("req_1", 2);
    assertEquals("Hello", first.content());
    assertEquals(2, first.chunks());
    assertEquals(List.of(100L, 150L), ChunkTimings.decode(first.timings()).offsetsMs());
    assertNull(a.checkpoint("req_1", 3), "no growth, no write");

    a.append(", world", 1400L);
    StreamHistory.Checkpoint second = a.checkpoint("req_1", 4);
    assertEquals("Hello, world", second.content());
    assertEquals(List.of(3, 2, 7), ChunkTimings.decode(second.timings()).lengths(), "per chunk");
  }

  @Test
  void aRecordKeepsThePromptAndAFailuresType() {
    StreamRecordEntity r =
        recorded(
            prompted("What is the capital of France?"),
            new StreamEvent.Error(
                "req_1",
                "g1",
                "sim 429 rate_limited: no",
                9L,
                null,
                null,
                null,
                null,
                "rate_limited"));
    assertEquals("What is the capital of France?", r.getPrompt());
    assertEquals("rate_limited", r.getErrorType());
    assertEquals(
        StreamRecordEntity.PROMPT_CHARS,
        recorded(prompted("p".repeat(20_000))).getPrompt().length(),
        "a prefix");
  }

  @Test
  void withKeepPromptsOffNoPromptIsRecorded() {
    StreamRecorder recorder = new StreamRecorder();
    MemoryHistory history = new MemoryHistory();
    recorder.store = history;
    recorder.cluster = ClusterSettings.single();
    recorder.executor = Managed.executor(Runnable::run);
    recorder.keepPrompts = false;
    recorder.on(prompted("private question"));
    assertNull(history.inserted.get(0).getPrompt());
  }

  private static StreamEvent.Start prompted(String prompt) {
    return new StreamEvent.Start(
        "req_1", "g1", null, null, "sim/x", "sim", "alice", null, null, null, 5L, List.of(),
        prompt);
  }

  @Test
  void theEndRecordsWhenEachChunkArrivedAndTheStartTheAttemptsBeforeIt() {
    List<io.ponybunny.client.StreamAttempt> attempts =
        List.of(
            new io.ponybunny.client.StreamAttempt("faults", 4L, 503, "server_error", null, 250L));
    StreamRecordEntity r =
        recorded(
            new StreamEvent.Start(
                "req_1", "g1", null, null, "sim/x", "sim", "alice", null, null, null, 1000L,
                attempts, null),
            new StreamEvent.Chunk("req_1", "g1", "Hel", 0, 1300L),
            new StreamEvent.Chunk("req_1", "g1", "lo", 1, 1320L),
            new StreamEvent.End("req_1", "g1", 2, 3, "stop", 1, 2, 300L, 330L, 1330L));
    assertEquals(attempts, StreamAttempts.decode(r.getAttempts()));
    ChunkTimings t = ChunkTimings.decode(r.getChunkTimings());
    assertEquals(List.of(300L, 320L), t.offsetsMs());
    assertEquals(List.of(3, 2), t.lengths());
    StreamRecordEntity plain = recordedStart(ClusterSettings.single());
    assertNull(plain.getAttempts(), "no attempts failed: nothing stored");
  }

  /** Keeps the records it is given. */
  static final class MemoryHistory extends StreamHistory {
    final List<StreamRecordEntity> inserted = new ArrayList<>();

    @Override
    public void insert(StreamRecordEntity record) {
      inserted.add(record);
    }

    @Override
    public boolean updateStreaming(
        String requestId, java.util.function.Consumer<StreamRecordEntity> change) {
      for (StreamRecordEntity r : inserted) {
        if (r.getRequestId().equals(requestId)) {
          change.accept(r);
          return true;
        }
      }
      return false;
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

  private static StreamRecordEntity recorded(StreamEvent... events) {
    StreamRecorder recorder = new StreamRecorder();
    MemoryHistory history = new MemoryHistory();
    recorder.store = history;
    recorder.cluster = ClusterSettings.single();
    recorder.executor = Managed.executor(Runnable::run);
    for (StreamEvent e : events) {
      recorder.on(e);
    }
    return history.inserted.get(0);
  }

  @Test
  void anEndRecordsTheStreamsCachedInputAndCost() {
    StreamRecordEntity r =
        recorded(
            new StreamEvent.Start("req_1", "g1", null, null, "sim/x", "sim", "alice", null, 5L),
            new StreamEvent.End(
                "req_1",
                "g1",
                0,
                2100,
                "cancelled",
                2000,
                100,
                null,
                3L,
                8L,
                1500,
                new BigDecimal("0.000247500")));
    assertEquals("cancelled", r.getStatus());
    assertEquals(2100, r.getTokensUsed());
    assertEquals(1500, r.getCachedInputTokens());
    assertEquals(new BigDecimal("0.000247500"), r.getCostUsd());
  }

  @Test
  void anErrorRecordsTheUsageAndCostKnownBeforeIt() {
    StreamRecordEntity r =
        recorded(
            new StreamEvent.Start("req_1", "g1", null, null, "sim/x", "sim", "alice", null, 5L),
            new StreamEvent.Chunk("req_1", "g1", "Hel", 0, 6L),
            new StreamEvent.Error(
                "req_1", "g1", "stream cut", 9L, 40, 2, null, new BigDecimal("0.000050000")));
    assertEquals("error", r.getStatus());
    assertEquals("Hel", r.getContent());
    assertNull(r.getErrorType(), "an error of unknown type");
    assertEquals(40, r.getInputTokens());
    assertEquals(2, r.getOutputTokens());
    assertEquals(42, r.getTokensUsed());
    assertEquals(new BigDecimal("0.000050000"), r.getCostUsd());
    StreamRecordEntity lost =
        recorded(
            new StreamEvent.Start("req_1", "g1", null, null, "sim/x", "sim", "alice", null, 5L),
            new StreamEvent.Error("req_1", "g1", "instance lost", 9L));
    assertNull(lost.getInputTokens());
    assertNull(lost.getCostUsd());
  }
}
