package io.ponybunny.event;

import jakarta.json.stream.JsonGenerator;
import java.math.BigDecimal;

/**
 * Writes the {@code data} object of an {@code llm.stream.*} frame ({@code
 * docs/streaming-protocol.md}).
 */
final class StreamEventPayload {

  private StreamEventPayload() {}

  static void write(JsonGenerator g, StreamEvent event) {
    g.write("requestId", event.requestId());
    writeOptional(g, "goalId", event.goalId());
    if (event instanceof StreamEvent.Start s) {
      writeOptional(g, "workItemId", s.workItemId());
      writeOptional(g, "runId", s.runId());
      g.write("model", s.model());
      writeOptional(g, "provider", s.provider());
      writeOptional(g, "owner", s.owner());
      writeOptional(g, "client", s.client());
      writeOptional(g, "apiKeyId", s.apiKeyId());
      writeOptional(g, "instance", s.instance());
      AttemptsJson.write(g, "attempts", s.attempts());
    } else if (event instanceof StreamEvent.Chunk c) {
      g.write("chunk", c.chunk());
      g.write("index", c.index());
    } else if (event instanceof StreamEvent.End e) {
      g.write("totalChunks", e.totalChunks());
      g.write("tokensUsed", e.tokensUsed());
      g.write("finishReason", e.finishReason());
      if (e.inputTokens() != null) {
        g.write("inputTokens", e.inputTokens());
      }
      if (e.outputTokens() != null) {
        g.write("outputTokens", e.outputTokens());
      }
      writeOptional(g, "cachedInputTokens", e.cachedInputTokens());
      writeOptional(g, "costUsd", e.costUsd());
      if (e.ttftMs() != null) {
        g.write("ttftMs", e.ttftMs());
      }
      g.write("durationMs", e.durationMs());
    } else if (event instanceof StreamEvent.Error e) {
      g.write("error", e.error());
      writeOptional(g, "errorType", e.errorType());
      writeOptional(g, "inputTokens", e.inputTokens());
      writeOptional(g, "outputTokens", e.outputTokens());
      writeOptional(g, "cachedInputTokens", e.cachedInputTokens());
      writeOptional(g, "costUsd", e.costUsd());
    }
    g.write("timestamp", event.timestamp());
  }

  private static void writeOptional(JsonGenerator g, String name, String value) {
    if (value != null) {
      g.write(name, value);
    }
  }

  private static void writeOptional(JsonGenerator g, String name, Integer value) {
    if (value != null) {
      g.write(name, value.intValue());
    }
  }

  private static void writeOptional(JsonGenerator g, String name, BigDecimal value) {
    if (value != null) {
      g.write(name, value);
    }
  }
}
