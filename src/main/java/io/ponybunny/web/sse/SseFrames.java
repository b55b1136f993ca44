package io.ponybunny.web.sse;

import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the broadcast's WebSocket frames ({@code docs/streaming-protocol.md}) into server-sent
 * events, one per channel event: an event frame becomes {@code id: <epoch>:<seq>}, {@code event:}
 * its name and {@code data:} its {@code data}; a batch frame the events it holds, in order; a
 * snapshot frame one {@code event: snapshot} whose {@code data} is the frame itself and whose id is
 * the snapshot's position. The id is what a client sends back as {@code Last-Event-ID} to resume
 * ({@link SseResume}).
 */
public final class SseFrames {

  /** The event name of a snapshot. */
  public static final String SNAPSHOT = "snapshot";

  private SseFrames() {}

  /** The id of the event at {@code seq} of channel incarnation {@code epoch}. */
  public static String id(String epoch, long seq) {
    return epoch + ":" + seq;
  }

  /** The events of one frame, in order. */
  public static List<SseMessage> of(String frame) {
    if (frame.startsWith("{\"type\":\"snapshot\"")) {
      return List.of(snapshot(frame));
    }
    JsonObject o = JsonSupport.readValue(frame).asJsonObject();
    List<SseMessage> out = new ArrayList<>();
    if ("batch".equals(o.getString("type", null))) {
      for (JsonValue e : o.getJsonArray("events")) {
        out.add(event(e.asJsonObject()));
      }
    } else {
      out.add(event(o));
    }
    return out;
  }

  private static SseMessage event(JsonObject e) {
    return new SseMessage(
        id(e.getString("epoch"), e.getJsonNumber("seq").longValue()),
        e.getString("event"),
        e.get("data").toString());
  }

  /** Reads only the snapshot's position, which comes before its (large) streams. */
  private static SseMessage snapshot(String frame) {
    String epoch = null;
    Long seq = null;
    try (JsonParser p = JsonSupport.provider().createParser(new StringReader(frame))) {
      p.next(); // the frame's object
      while (p.hasNext() && (epoch == null || seq == null)) {
        if (p.next() != JsonParser.Event.KEY_NAME) {
          continue;
        }
        String key = p.getString();
        JsonParser.Event value = p.next();
        if ("epoch".equals(key)) {
          epoch = p.getString();
        } else if ("seq".equals(key)) {
          seq = p.getLong();
        } else if (value == JsonParser.Event.START_ARRAY) {
          p.skipArray();
        } else if (value == JsonParser.Event.START_OBJECT) {
          p.skipObject();
        }
      }
    }
    return new SseMessage(epoch == null || seq == null ? null : id(epoch, seq), SNAPSHOT, frame);
  }
}
