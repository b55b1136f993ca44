package io.ponybunny.event;

import io.ponybunny.client.StreamAttempt;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON form of {@link StreamAttempt}s: as {@code llm.stream.start}, a snapshot's stream and
 * a stream record's stored attempts carry them ({@code docs/streaming-protocol.md}).
 */
public final class AttemptsJson {

  private AttemptsJson() {}

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
      g.write("error", a.error() == null ? "error" : a.error());
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
    if (!(v instanceof JsonArray array)) {
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
