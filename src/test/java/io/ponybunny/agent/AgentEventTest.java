package io.ponybunny.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.broadcast.StreamFrames;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class AgentEventTest {

  private static JsonObject data(io.ponybunny.event.ChannelEvent e) {
    JsonObject frame =
        Json.createReader(new StringReader(StreamFrames.event(e, "ep", 7))).readObject();
    assertEquals(e.eventName(), frame.getString("event"));
    assertEquals(7, frame.getInt("seq"));
    return frame.getJsonObject("data");
  }

  @Test
  void payloadsFollowTheContract() {
    JsonObject created = data(new AgentEvent.GoalCreated("g1", "Add", "queued", 5L));
    assertEquals("g1", created.getString("goalId"));
    assertEquals("Add", created.getString("title"));
    assertEquals("queued", created.getString("status"));
    assertEquals(5L, created.getJsonNumber("timestamp").longValue());

    AgentEvent.GoalStatusChanged done =
        new AgentEvent.GoalStatusChanged("g1", "succeeded", "395", null, 6L);
    assertTrue(done.terminal());
    assertEquals("g1", done.orderingKey());
    assertEquals("395", data(done).getString("result"));
    assertFalse(new AgentEvent.GoalStatusChanged("g1", "running", null, null, 6L).terminal());

    JsonObject item =
        data(new AgentEvent.WorkItemStatusChanged("g1", "w1", "Compute", "running", 7L));
    assertEquals("w1", item.getString("workItemId"));
    assertEquals("Compute", item.getString("title"));

    JsonObject step =
        data(
            new AgentEvent.RunStep(
                "g1", "w1", "r1", 0, "think", "calculator", "{}", "395", null, 8L));
    assertEquals("r1", step.getString("runId"));
    JsonObject s = step.getJsonObject("step");
    assertEquals(0, s.getInt("index"));
    assertEquals("think", s.getString("thought"));
    assertEquals("calculator", s.getString("action"));
    assertEquals("{}", s.getString("actionInput"));
    assertEquals("395", s.getString("observation"));
  }
}
