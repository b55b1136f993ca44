package io.ponybunny.broadcast;

import io.ponybunny.event.AttemptsJson;
import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.math.BigDecimal;

/**
 * Reads back, from a frame's name and {@code data} relayed through Redis (cluster mode), the event
 * whose state a channel's snapshot keeps: the {@code llm.stream.*} events and the truncation
 * marker. Other events (the agent's) keep no stream state: null. The inverse of {@code
 * StreamEventPayload} and {@link TruncationMarker#writeData}; {@code RelayedEventsTest} holds them
 * together.
 */
final class RelayedEvents {

  private static final JsonProvider JSON = JsonProvider.provider();

  private RelayedEvents() {}

  /** The event to fold, or null when {@code name} keeps no stream state (or data is not JSON). */
  static ChannelEvent decode(String name, String data) {
    if (!name.startsWith("llm.stream.")) {
      return null;
    }
    JsonObject o;
    try (var reader = JSON.createReader(new StringReader(data))) {
      o = reader.readObject();
    } catch (RuntimeException e) {
      return null;
    }
    String requestId = o.getString("requestId", null);
    if (requestId == null) {
      return null;
    }
    String goalId = o.getString("goalId", null);
    long timestamp = longOf(o, "timestamp", 0L);
    return switch (name) {
      case "llm.stream.start" ->
          new StreamEvent.Start(
              requestId,
              goalId,
              o.getString("workItemId", null),
              o.getString("runId", null),
              o.getString("model", ""),
              o.getString("provider", null),
              o.getString("owner", null),
              o.getString("client", null),
              o.getString("apiKeyId", null),
              o.getString("instance", null),
              timestamp,
              AttemptsJson.read(o, "attempts"),
              null);
      case "llm.stream.chunk" ->
          new StreamEvent.Chunk(
              requestId, goalId, o.getString("chunk", ""), o.getInt("index", 0), timestamp);
      case "llm.stream.end" ->
          new StreamEvent.End(
              requestId,
              goalId,
              o.getInt("totalChunks", 0),
              o.getInt("tokensUsed", 0),
              o.getString("finishReason", null),
              intOf(o, "inputTokens"),
              intOf(o, "outputTokens"),
              o.containsKey("ttftMs") ? longOf(o, "ttftMs", 0L) : null,
              longOf(o, "durationMs", 0L),
              timestamp,
              intOf(o, "cachedInputTokens"),
              decimalOf(o, "costUsd"));
      case "llm.stream.error" ->
          new StreamEvent.Error(
              requestId,
              goalId,
              o.getString("error", ""),
              timestamp,
              intOf(o, "inputTokens"),
              intOf(o, "outputTokens"),
              intOf(o, "cachedInputTokens"),
              decimalOf(o, "costUsd"),
              o.getString("errorType", null));
      case "llm.stream.truncated" ->
          new TruncationMarker(
              requestId, goalId, o.getInt("index", 0), o.getInt("maxChars", 0), timestamp);
      default -> null;
    };
  }

  private static Integer intOf(JsonObject o, String key) {
    JsonValue v = o.get(key);
    return v instanceof JsonNumber n ? n.intValue() : null;
  }

  private static BigDecimal decimalOf(JsonObject o, String key) {
    JsonValue v = o.get(key);
    return v instanceof JsonNumber n ? n.bigDecimalValue() : null;
  }

  private static long longOf(JsonObject o, String key, long otherwise) {
    JsonValue v = o.get(key);
    return v instanceof JsonNumber n ? n.longValue() : otherwise;
  }
}
