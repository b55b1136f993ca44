package io.ponybunny.broadcast;

import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import jakarta.json.stream.JsonGenerator;

/** The {@code llm.stream.end} of a truncated stream: the same payload plus {@code truncated}. */
record TruncatedEnd(StreamEvent.End end) implements ChannelEvent {

  @Override
  public String eventName() {
    return end.eventName();
  }

  @Override
  public String goalId() {
    return end.goalId();
  }

  @Override
  public long timestamp() {
    return end.timestamp();
  }

  @Override
  public String orderingKey() {
    return end.orderingKey();
  }

  @Override
  public boolean terminal() {
    return true;
  }

  @Override
  public void writeData(JsonGenerator g) {
    end.writeData(g);
    g.write("truncated", true);
  }
}
