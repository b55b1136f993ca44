package io.ponybunny.broadcast;

import io.ponybunny.event.ChannelEvent;
import jakarta.json.stream.JsonGenerator;

/**
 * {@code llm.stream.truncated}: the stream passed the broadcast size bound ({@code
 * ponybunny.ws.max-stream-chars}); chunks from {@code index} on are not broadcast, and the stream's
 * end event carries {@code "truncated":true}. The stream itself continues upstream.
 */
record TruncationMarker(String requestId, String goalId, int index, int maxChars, long timestamp)
    implements ChannelEvent {

  @Override
  public String eventName() {
    return "llm.stream.truncated";
  }

  @Override
  public String orderingKey() {
    return requestId;
  }

  @Override
  public void writeData(JsonGenerator g) {
    g.write("requestId", requestId);
    if (goalId != null) {
      g.write("goalId", goalId);
    }
    g.write("index", index);
    g.write("maxChars", maxChars);
    g.write("timestamp", timestamp);
  }
}
