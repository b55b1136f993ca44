package io.ponybunny.event;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * One failed attempt of a streaming call before the attempt that serves it: a retry on the same
 * endpoint or a fallback to the next, as {@code llm.stream.start}'s {@code attempts} and a stream
 * record carry them ({@code docs/streaming-protocol.md}), so a slow start explains itself.
 *
 * @param provider the endpoint tried
 * @param atMs when the attempt failed, in milliseconds after the stream's start
 * @param status the HTTP status it was answered with; null for a connection failure, a timeout or a
 *     broken stream
 * @param error the error type ({@code rate_limited}, {@code server_error}, {@code
 *     connection_error}, {@code stream_broken}, {@code timeout}, ...)
 * @param retryAfterMs the wait the provider asked for ({@code Retry-After}), null when it named
 *     none
 * @param waitMs how long the call waited before its next attempt; null when it went on at once
 */
public record StreamAttempt(
    String provider, long atMs, Integer status, String error, Long retryAfterMs, Long waitMs) {

  /** The same attempt, followed by a wait of {@code millis} before the next one. */
  public StreamAttempt waited(long millis) {
    return new StreamAttempt(provider, atMs, status, error, retryAfterMs, millis);
  }

  /** Writes {@code attempts} as the array {@code name}; nothing when there are none. */
  public static void write(JsonGenerator g, String name, List<StreamAttempt> attempts) {
    if (attempts == null || attempts.isEmpty()) {
      return;
    }
    g.writeStartArray(name);
    for (StreamAttempt a : attempts) {
      g.writeStartObject();
      g.write("provider", a.provider());
      g.write("atMs", a.atMs());
      if (a.status() != null) {
        g.write("status", a.status().intValue());
      }
      g.write("error", a.error());
      if (a.retryAfterMs() != null) {
        g.write("retryAfterMs", a.retryAfterMs().longValue());
      }
      if (a.waitMs() != null) {
        g.write("waitMs", a.waitMs().longValue());
      }
      g.writeEnd();
    }
    g.writeEnd();
  }

  /** Reads back what {@link #write} wrote as {@code name} of {@code o}; empty when absent. */
  public static List<StreamAttempt> read(JsonObject o, String name) {
    JsonValue v = o.get(name);
    if (!(v instanceof jakarta.json.JsonArray array)) {
      return List.of();
    }
    List<StreamAttempt> out = new ArrayList<>(array.size());
    for (JsonValue item : array) {
      if (item instanceof JsonObject a) {
        out.add(
            new StreamAttempt(
                a.getString("provider", ""),
                longOf(a, "atMs", 0L),
                a.get("status") instanceof JsonNumber n ? n.intValue() : null,
                a.getString("error", ""),
                a.containsKey("retryAfterMs") ? longOf(a, "retryAfterMs", 0L) : null,
                a.containsKey("waitMs") ? longOf(a, "waitMs", 0L) : null));
      }
    }
    return List.copyOf(out);
  }

  private static long longOf(JsonObject o, String key, long otherwise) {
    return o.get(key) instanceof JsonNumber n ? n.longValue() : otherwise;
  }
}
