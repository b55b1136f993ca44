package io.ponybunny.broadcast;

import io.ponybunny.event.ChannelEvent;
import jakarta.json.stream.JsonGenerator;

/** A {@code goal.status}-like event for tests. */
record TestGoalEvent(String goalId, String status) implements ChannelEvent {

  @Override
  public String eventName() {
    return "goal.status";
  }

  @Override
  public long timestamp() {
    return 1L;
  }

  @Override
  public String orderingKey() {
    return goalId;
  }

  @Override
  public void writeData(JsonGenerator g) {
    g.write("goalId", goalId);
    g.write("status", status);
  }
}
