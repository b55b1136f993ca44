package io.ponybunny.history;

import io.ponybunny.client.StreamAttempt;
import io.ponybunny.event.AttemptsJson;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;

/**
 * A stream record's failed attempts in their stored form: the JSON object {@code {"attempts":
 * [...]}} exactly as {@code llm.stream.start} carries them ({@link StreamAttempt#write}).
 */
public final class StreamAttempts {

  private static final JsonProvider JSON = JsonProvider.provider();

  private StreamAttempts() {}

  /** The stored form of {@code attempts}; null when there are none. */
  public static String encode(List<StreamAttempt> attempts) {
    if (attempts == null || attempts.isEmpty()) {
      return null;
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      AttemptsJson.write(g, "attempts", attempts);
      g.writeEnd();
    }
    return out.toString();
  }

  /** Reads back {@link #encode}'s text; empty for null or text that is not attempts. */
  public static List<StreamAttempt> decode(String stored) {
    if (stored == null || stored.isEmpty()) {
      return List.of();
    }
    try (var reader = JSON.createReader(new StringReader(stored))) {
      JsonObject o = reader.readObject();
      return AttemptsJson.read(o, "attempts");
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}
