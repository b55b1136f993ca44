package io.ponybunny.client;

import static io.ponybunny.client.AgentIt.data;
import static io.ponybunny.client.AgentIt.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Cancelling a running goal stops its LLM call and ends the goal cancelled within a second. */
class GoalCancelIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private final PonyBunnyClient client = AgentIt.client();

  @Test
  void cancellingARunningGoalStopsItsStream() throws Exception {
    try (WsClient all = WsClient.open("/ws/streams")) {
      // 5 tokens per second: each call takes seconds, so the goal is mid-stream when cancelled.
      Goal goal =
          client.submitGoal(
              GoalRequest.of("What is 123 * 456?", "Slowly.").withModel("sim/react~tps=5"));
      String id = goal.id();
      JsonObject start = all.await(e -> is(e, "llm.stream.start", id), WAIT);
      String requestId = data(start).getString("requestId");
      all.await(
          e ->
              "llm.stream.chunk".equals(e.getString("event"))
                  && requestId.equals(data(e).getString("requestId")),
          WAIT);

      long t0 = System.nanoTime();
      Goal answer = client.cancelGoal(id);
      Goal cancelled =
          "cancelled".equals(answer.status())
              ? answer
              : AgentIt.until(() -> client.goal(id), Goal::isFinished, Duration.ofSeconds(5));
      long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
      assertEquals("cancelled", cancelled.status());
      assertTrue(elapsedMs < 1_000, "cancelled within 1 s, took " + elapsedMs + " ms");
      all.await(
          e -> is(e, "goal.status", id) && "cancelled".equals(data(e).getString("status")), WAIT);

      // The call in flight was stopped: its stream ends with finish reason cancelled.
      JsonObject end = all.awaitTerminal(requestId, WAIT);
      assertEquals("llm.stream.end", end.getString("event"));
      assertEquals("cancelled", data(end).getString("finishReason"));
      StreamRecord record =
          AgentIt.until(() -> client.stream(requestId), r -> !"streaming".equals(r.status()), WAIT);
      assertEquals("cancelled", record.status());
      assertEquals("cancelled", record.finishReason());

      Goal detail = client.goal(id);
      detail.workItems().forEach(w -> assertTrue(w.status().equals("cancelled"), w.toString()));

      WebApplicationException again =
          assertThrows(WebApplicationException.class, () -> client.cancelGoal(id));
      assertEquals(409, again.getResponse().getStatus());

      // A cancelled stream leaves nothing behind: the next goal's calls run normally.
      Goal next =
          client.submitGoal(
              GoalRequest.of("What is 5 * 5?", "After a cancel").withModel(AgentIt.FAST));
      Goal nextDone =
          AgentIt.until(() -> client.goal(next.id()), Goal::isFinished, Duration.ofSeconds(20));
      assertEquals("succeeded", nextDone.status(), nextDone.toString());
      assertEquals("25", nextDone.result());
    }
  }
}
