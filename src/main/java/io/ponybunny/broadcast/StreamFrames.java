package io.ponybunny.broadcast;

import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;

/** Writes the WebSocket frames of the streaming protocol ({@code docs/streaming-protocol.md}). */
public final class StreamFrames {

  private static final JsonProvider JSON = JsonProvider.provider();

  private StreamFrames() {}

  /** {@code {"type":"event","event":…,"epoch":…,"seq":…,"data":{…}}}. */
  public static String event(ChannelEvent event, String epoch, long seq) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.write("type", "event");
      g.write("event", event.eventName());
      g.write("epoch", epoch);
      g.write("seq", seq);
      g.writeStartObject("data");
      event.writeData(g);
      g.writeEnd();
      g.writeEnd();
    }
    return out.toString();
  }

  /** The JSON text of {@code event}'s {@code data} object. */
  public static String data(ChannelEvent event) {
    if (event instanceof StreamEvent.Chunk c) {
      return chunkData(c);
    }
    return generatedData(event);
  }

  /**
   * {@code event}'s {@code data} written through the JSON-P generator (every event but a chunk).
   */
  static String generatedData(ChannelEvent event) {
    StringWriter out = new StringWriter(96);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      event.writeData(g);
      g.writeEnd();
    }
    return out.toString();
  }

  /**
   * A chunk's {@code data}, written directly: the same text as the generator's ({@code
   * StreamEventPayload}), without a generator per chunk (it was a twelfth of what a chunk
   * allocated, findings 10).
   */
  static String chunkData(StreamEvent.Chunk c) {
    return chunk("", c, "");
  }

  /**
   * A chunk's whole frame: the same text as {@link #event(String, String, long, String)} around
   * {@link #chunkData}, without the data as a string of its own (a replay ring keeps the chunk, not
   * its data: findings 14). {@code epoch} needs no escaping (see {@link #event(String, String,
   * long, String)}).
   */
  static String chunkEvent(StreamEvent.Chunk c, String epoch, long seq) {
    return chunk(
        "{\"type\":\"event\",\"event\":\"llm.stream.chunk\",\"epoch\":\""
            + epoch
            + "\",\"seq\":"
            + seq
            + ",\"data\":",
        c,
        "}");
  }

  /**
   * {@code head}, chunk {@code c}'s data and {@code tail} as one concatenation, which Java sizes
   * exactly and copies once (the builders it replaced grew for most chunks: findings 14).
   */
  private static String chunk(String head, StreamEvent.Chunk c, String tail) {
    String goal = c.goalId();
    return head
        + "{\"requestId\":\""
        + JsonSupport.escaped(c.requestId())
        + (goal == null ? "\"" : "\",\"goalId\":\"" + JsonSupport.escaped(goal) + "\"")
        + ",\"chunk\":\""
        + JsonSupport.escaped(c.chunk())
        + "\",\"index\":"
        + c.index()
        + ",\"timestamp\":"
        + c.timestamp()
        + '}'
        + tail;
  }

  /**
   * An event frame around already-encoded {@code data}; the same text as {@link #event}. {@code
   * name} and {@code epoch} need no JSON escaping (event names and epochs are ASCII identifiers).
   */
  public static String event(String name, String epoch, long seq, String data) {
    return new StringBuilder(name.length() + epoch.length() + data.length() + 56)
        .append("{\"type\":\"event\",\"event\":\"")
        .append(name)
        .append("\",\"epoch\":\"")
        .append(epoch)
        .append("\",\"seq\":")
        .append(seq)
        .append(",\"data\":")
        .append(data)
        .append('}')
        .toString();
  }
}
