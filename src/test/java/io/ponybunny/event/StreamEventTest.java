package io.ponybunny.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.client.StreamAttempt;
import io.ponybunny.cost.Spend;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code data} of the {@code llm.stream.*} frames, and the origin each event is built from. */
class StreamEventTest {

  private static final StreamOrigin ORIGIN = new StreamOrigin("g1", "w1", "r1");

  private static String data(StreamEvent event) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JsonSupport.provider().createGenerator(out)) {
      g.writeStartObject();
      event.writeData(g);
      g.writeEnd();
    }
    return out.toString();
  }

  @Test
  void startNamesTheWholeOrigin() {
    StreamEvent.Start start =
        StreamEvent.Start.of(
            "req_1", ORIGIN, "m", "sim", "alice", null, null, null, 5L, List.of(), null);
    assertEquals(
        new StreamEvent.Start("req_1", "g1", "w1", "r1", "m", "sim", "alice", null, 5L), start);
    assertEquals(
        "{\"requestId\":\"req_1\",\"goalId\":\"g1\",\"workItemId\":\"w1\",\"runId\":\"r1\","
            + "\"model\":\"m\",\"provider\":\"sim\",\"owner\":\"alice\",\"timestamp\":5}",
        data(start));
  }

  @Test
  void startNamesTheClusterInstanceThatRunsIt() {
    StreamEvent.Start start =
        StreamEvent.Start.of(
            "req_1", ORIGIN, "m", "sim", "alice", null, null, "node-a", 5L, List.of(), null);
    assertEquals("node-a", start.instance());
    assertEquals(
        "{\"requestId\":\"req_1\",\"goalId\":\"g1\",\"workItemId\":\"w1\",\"runId\":\"r1\","
            + "\"model\":\"m\",\"provider\":\"sim\",\"owner\":\"alice\",\"instance\":\"node-a\","
            + "\"timestamp\":5}",
        data(start));
  }

  @Test
  void startNamesWhoCalledTheClientItSpokeAndTheIdOfItsApiKey() {
    StreamEvent.Start start =
        StreamEvent.Start.of(
            "req_1", ORIGIN, "m", "sim", "alice", "openai", "key_7", null, 5L, List.of(), null);
    assertEquals("openai", start.client());
    assertEquals("key_7", start.apiKeyId());
    assertEquals(
        "{\"requestId\":\"req_1\",\"goalId\":\"g1\",\"workItemId\":\"w1\",\"runId\":\"r1\","
            + "\"model\":\"m\",\"provider\":\"sim\",\"owner\":\"alice\",\"client\":\"openai\","
            + "\"apiKeyId\":\"key_7\",\"timestamp\":5}",
        data(start));
    assertEquals(
        new StreamEvent.Start("req_1", "g1", "w1", "r1", "m", "sim", "alice", null, null, null, 5L),
        new StreamEvent.Start("req_1", "g1", "w1", "r1", "m", "sim", "alice", null, 5L),
        "a start without a caller names neither");
  }

  @Test
  void startNamesTheAttemptsThatFailedBeforeTheOneThatServes() {
    List<StreamAttempt> attempts =
        List.of(
            new StreamAttempt("faults", 12L, 429, "rate_limited", 1000L, 1000L),
            new StreamAttempt("faults", 1030L, null, "stream_broken", null, null));
    StreamEvent.Start start =
        StreamEvent.Start.of(
            "req_1", ORIGIN, "m", "sim", "alice", null, null, null, 5L, attempts, "What is up?");
    assertEquals(
        "{\"requestId\":\"req_1\",\"goalId\":\"g1\",\"workItemId\":\"w1\",\"runId\":\"r1\","
            + "\"model\":\"m\",\"provider\":\"sim\",\"owner\":\"alice\",\"attempts\":["
            + "{\"provider\":\"faults\",\"atMs\":12,\"status\":429,\"error\":\"rate_limited\","
            + "\"retryAfterMs\":1000,\"waitMs\":1000},"
            + "{\"provider\":\"faults\",\"atMs\":1030,\"error\":\"stream_broken\"}],"
            + "\"timestamp\":5}",
        data(start));
    jakarta.json.JsonObject read =
        jakarta.json.Json.createReader(new java.io.StringReader(data(start))).readObject();
    assertEquals(attempts, AttemptsJson.read(read, "attempts"), "read back as written");
  }

  @Test
  void noOriginLeavesTheIdsOut() {
    assertEquals(
        "{\"requestId\":\"req_1\",\"model\":\"m\",\"provider\":\"sim\",\"timestamp\":5}",
        data(
            StreamEvent.Start.of(
                "req_1",
                StreamOrigin.NONE,
                "m",
                "sim",
                null,
                null,
                null,
                null,
                5L,
                List.of(),
                null)));
    assertEquals(
        "{\"requestId\":\"req_1\",\"chunk\":\"a\",\"index\":0,\"timestamp\":6}",
        data(StreamEvent.Chunk.of("req_1", StreamOrigin.NONE, "a", 0, 6L)));
  }

  @Test
  void theOtherEventsNameTheGoal() {
    assertEquals(
        new StreamEvent.Chunk("req_1", "g1", "a", 0, 6L),
        StreamEvent.Chunk.of("req_1", ORIGIN, "a", 0, 6L));
    assertEquals(
        "{\"requestId\":\"req_1\",\"goalId\":\"g1\",\"chunk\":\"a\",\"index\":0,\"timestamp\":6}",
        data(StreamEvent.Chunk.of("req_1", ORIGIN, "a", 0, 6L)));
    assertEquals(
        new StreamEvent.End("req_1", "g1", 1, 3, "stop", 1, 2, 7L, 8L, 9L),
        StreamEvent.End.of(
            "req_1", ORIGIN, 1, "stop", new Spend(new TokenUsage(1, 2), null), 7L, 8L, 9L));
    assertEquals(
        "{\"requestId\":\"req_1\",\"goalId\":\"g1\",\"totalChunks\":1,\"tokensUsed\":3,"
            + "\"finishReason\":\"stop\",\"inputTokens\":1,\"outputTokens\":2,\"ttftMs\":7,"
            + "\"durationMs\":8,\"timestamp\":9}",
        data(
            StreamEvent.End.of(
                "req_1", ORIGIN, 1, "stop", new Spend(new TokenUsage(1, 2), null), 7L, 8L, 9L)));
    assertEquals(
        "{\"requestId\":\"req_1\",\"goalId\":\"g1\",\"error\":\"sim 503 server_error: boom\","
            + "\"errorType\":\"server_error\",\"timestamp\":9}",
        data(
            StreamEvent.Error.of(
                "req_1", ORIGIN, "sim 503 server_error: boom", "server_error", Spend.NONE, 9L)));
  }

  @Test
  void theEndCarriesCachedInputAndCostAndAnErrorTheUsageKnownBeforeIt() {
    Spend spend = new Spend(new TokenUsage(2000, 100, 1500), new BigDecimal("0.000247500"));
    StreamEvent.End end = StreamEvent.End.of("req_1", ORIGIN, 4, "cancelled", spend, null, 8L, 9L);
    assertEquals(2100, end.tokensUsed());
    assertEquals(
        "{\"requestId\":\"req_1\",\"goalId\":\"g1\",\"totalChunks\":4,\"tokensUsed\":2100,"
            + "\"finishReason\":\"cancelled\",\"inputTokens\":2000,\"outputTokens\":100,"
            + "\"cachedInputTokens\":1500,\"costUsd\":0.000247500,\"durationMs\":8,"
            + "\"timestamp\":9}",
        data(end));
    StreamEvent.Error error = StreamEvent.Error.of("req_1", ORIGIN, "cut", null, spend, 9L);
    assertEquals(2100, error.tokensUsed());
    assertEquals(
        "{\"requestId\":\"req_1\",\"goalId\":\"g1\",\"error\":\"cut\",\"inputTokens\":2000,"
            + "\"outputTokens\":100,\"cachedInputTokens\":1500,\"costUsd\":0.000247500,"
            + "\"timestamp\":9}",
        data(error));
  }
}
