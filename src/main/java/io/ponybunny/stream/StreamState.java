package io.ponybunny.stream;

import jakarta.json.stream.JsonGenerator;

/**
 * What one channel has broadcast of one stream: descriptive fields, the content so far, the next
 * chunk index and metrics, for snapshots. Mutated only under the channel's lock.
 */
final class StreamState {

  final String requestId;
  String goalId;
  String workItemId;
  String runId;
  String model;
  String provider;
  String status = "streaming";
  final StringBuilder content = new StringBuilder();
  int nextIndex;
  long startedAt;
  Long firstChunkAt;
  Long ttftMs;
  Long durationMs;
  Integer inputTokens;
  Integer outputTokens;
  Integer tokensUsed;
  String finishReason;
  String error;
  boolean truncated;

  StreamState(String requestId, String goalId, long startedAt) {
    this.requestId = requestId;
    this.goalId = goalId;
    this.startedAt = startedAt;
  }

  boolean active() {
    return "streaming".equals(status);
  }

  /** Writes this stream as one element of a snapshot's {@code streams} array. */
  void write(JsonGenerator g) {
    g.writeStartObject();
    g.write("requestId", requestId);
    optional(g, "goalId", goalId);
    optional(g, "workItemId", workItemId);
    optional(g, "runId", runId);
    g.write("model", model == null ? "unknown" : model);
    optional(g, "provider", provider);
    g.write("status", status);
    g.write("content", content.toString());
    g.write("nextIndex", nextIndex);
    g.write("startedAt", startedAt);
    Long ttft = ttftMs != null ? ttftMs : firstChunkAt == null ? null : firstChunkAt - startedAt;
    optional(g, "ttftMs", ttft);
    optional(g, "durationMs", durationMs);
    optional(g, "inputTokens", inputTokens == null ? null : inputTokens.longValue());
    optional(g, "outputTokens", outputTokens == null ? null : outputTokens.longValue());
    optional(g, "tokensUsed", tokensUsed == null ? null : tokensUsed.longValue());
    optional(g, "finishReason", finishReason);
    optional(g, "error", error);
    if (truncated) {
      g.write("truncated", true);
    }
    g.writeEnd();
  }

  private static void optional(JsonGenerator g, String name, String value) {
    if (value != null) {
      g.write(name, value);
    }
  }

  private static void optional(JsonGenerator g, String name, Long value) {
    if (value != null) {
      g.write(name, value.longValue());
    }
  }
}
