package io.ponybunny.broadcast;

import io.ponybunny.client.StreamAttempt;
import io.ponybunny.event.AttemptsJson;
import jakarta.json.stream.JsonGenerator;
import java.math.BigDecimal;
import java.util.List;

/**
 * One stream as a snapshot shows it, captured under the channel's lock ({@link ChannelStream#view})
 * and serialized after it: immutable, its content a {@link GrowingText.Prefix} that later chunks do
 * not change. {@code instance} (the cluster instance running the stream) is written only when
 * known: never on a single node; so are {@code owner}, {@code client} and {@code apiKeyId} (who
 * called, as the stream's start named them), and {@code attempts} when the start named any.
 */
record StreamView(
    String requestId,
    String goalId,
    String workItemId,
    String runId,
    String model,
    String provider,
    String instance,
    String owner,
    String client,
    String apiKeyId,
    String status,
    GrowingText.Prefix content,
    int nextIndex,
    long startedAt,
    Long ttftMs,
    Long durationMs,
    Integer inputTokens,
    Integer outputTokens,
    Integer tokensUsed,
    Integer cachedInputTokens,
    BigDecimal costUsd,
    String finishReason,
    String error,
    boolean truncated,
    List<StreamAttempt> attempts) {

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
    optional(g, "instance", instance);
    optional(g, "owner", owner);
    optional(g, "client", client);
    optional(g, "apiKeyId", apiKeyId);
    AttemptsJson.write(g, "attempts", attempts);
    g.write("status", status);
    g.write("content", content.toString());
    g.write("nextIndex", nextIndex);
    g.write("startedAt", startedAt);
    optional(g, "ttftMs", ttftMs);
    optional(g, "durationMs", durationMs);
    optional(g, "inputTokens", inputTokens == null ? null : inputTokens.longValue());
    optional(g, "outputTokens", outputTokens == null ? null : outputTokens.longValue());
    optional(g, "tokensUsed", tokensUsed == null ? null : tokensUsed.longValue());
    optional(
        g, "cachedInputTokens", cachedInputTokens == null ? null : cachedInputTokens.longValue());
    if (costUsd != null) {
      g.write("costUsd", costUsd);
    }
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
