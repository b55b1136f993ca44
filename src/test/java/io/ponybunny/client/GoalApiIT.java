package io.ponybunny.client;

import static io.ponybunny.client.AgentIt.data;
import static io.ponybunny.client.AgentIt.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A goal on the embedded defaults (simulator, H2): submitted through the typed MicroProfile REST
 * client, planned and solved by the ReAct loop with the calculator, every LLM call streamed with
 * the goal's ids and recorded.
 */
class GoalApiIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private final PonyBunnyClient client = AgentIt.client();

  @Test
  void arithmeticGoalSucceedsAndItsCallsStreamWithItsIds() throws Exception {
    try (WsClient all = WsClient.open("/ws/streams")) {
      // Each simulated call waits 300 ms before its first byte, so the goal's own socket,
      // opened right after the submit, sees the ReAct calls stream.
      GoalRequest request =
          new GoalRequest(
              "What is 17 * 23 + 4?",
              "Compute the value exactly.",
              "The exact integer.",
              "sim/react~tps=0~stall-first-ms=300",
              null,
              new Budget(null, 6, 120),
              null);
      Response created = client.submitGoalResponse(request);
      assertEquals(201, created.getStatus());
      Goal queued = created.readEntity(Goal.class);
      String id = queued.id();
      assertTrue(created.getLocation().getPath().endsWith("/api/goals/" + id), "Location");
      assertEquals("queued", queued.status());
      assertEquals(6, queued.budget().maxSteps());
      assertEquals(120, queued.budget().maxDurationSeconds());

      try (WsClient mine = WsClient.open("/ws/goals/" + id)) {
        JsonObject done =
            mine.await(
                e ->
                    is(e, "goal.status", id)
                        && Set.of("succeeded", "failed", "cancelled")
                            .contains(data(e).getString("status")),
                WAIT);
        assertEquals("succeeded", data(done).getString("status"), done.toString());
        assertEquals("395", data(done).getString("result"));

        Goal goal = client.goal(id);
        assertEquals("succeeded", goal.status());
        assertEquals("395", goal.result());
        assertNull(goal.error());
        assertNotNull(goal.startedAt());
        assertNotNull(goal.finishedAt());
        assertTrue(goal.tokensUsed() > 0);
        assertEquals(1, goal.workItems().size());
        WorkItem item = goal.workItems().get(0);
        assertEquals("succeeded", item.status());
        assertEquals("395", item.result());
        assertEquals(1, item.runs().size());
        Run run = item.runs().get(0);
        assertEquals("succeeded", run.status());
        assertEquals(1, run.attempt());
        List<Step> steps = run.steps();
        assertEquals(2, steps.size(), steps.toString());
        assertEquals("calculator", steps.get(0).action());
        assertEquals("395", steps.get(0).observation());
        assertTrue(steps.get(0).actionInput().contains("17 * 23 + 4"));
        assertEquals("395", steps.get(1).finalAnswer());

        // Planning and two ReAct turns: three streams, all with the goal's ids, all recorded.
        StreamPage streams = client.streams(null, id, null, 0, 50);
        assertEquals(3, streams.total(), streams.toString());
        List<StreamRecord> react =
            streams.items().stream().filter(s -> run.id().equals(s.runId())).toList();
        assertEquals(2, react.size(), "the ReAct calls carry the run id");
        for (StreamRecord s : streams.items()) {
          assertEquals(id, s.goalId());
          assertEquals("completed", s.status());
          assertEquals("stop", s.finishReason());
          assertNull(s.content(), "lists leave the content out");
          assertTrue(s.chunks() > 0 && s.tokensUsed() > 0);
        }
        for (StreamRecord s : react) {
          assertEquals(item.id(), s.workItemId());
        }
        StreamRecord first =
            react.stream().min((a, b) -> a.startedAt().compareTo(b.startedAt())).orElseThrow();
        StreamRecord full = client.stream(first.requestId());
        assertTrue(full.content().contains("Action: calculator"), full.content());
        assertEquals(first.chunks(), full.chunks());

        // Live on the goal's socket: the ReAct calls' streams with the ids, steps, statuses.
        for (StreamRecord s : react) {
          JsonObject start =
              mine.await(
                  e ->
                      "llm.stream.start".equals(e.getString("event"))
                          && s.requestId().equals(data(e).getString("requestId")),
                  WAIT);
          assertEquals(id, data(start).getString("goalId"));
          assertEquals(item.id(), data(start).getString("workItemId"));
          assertEquals(run.id(), data(start).getString("runId"));
          JsonObject end = mine.awaitTerminal(s.requestId(), WAIT);
          assertEquals("llm.stream.end", end.getString("event"));
        }
        JsonObject step = mine.await(e -> is(e, "run.step", id), WAIT);
        assertEquals(run.id(), data(step).getString("runId"));
        assertEquals("calculator", data(step).getJsonObject("step").getString("action"));
        assertEquals("395", data(step).getJsonObject("step").getString("observation"));
        mine.await(
            e -> is(e, "workitem.status", id) && "succeeded".equals(data(e).getString("status")),
            WAIT);
      }
      // The all-streams socket, open before the submit, saw the goal from its creation.
      all.await(e -> is(e, "goal.created", id), WAIT);
      all.await(
          e -> is(e, "goal.status", id) && "running".equals(data(e).getString("status")), WAIT);
      Set<String> requestIds =
          all.events().stream()
              .filter(e -> is(e, "llm.stream.start", id))
              .map(e -> data(e).getString("requestId"))
              .collect(Collectors.toSet());
      assertEquals(3, requestIds.size(), "planning and both ReAct calls streamed live");
    }
  }

  @Test
  void goalsAreListedFilteredAndPaged() {
    String marker = "list-" + System.nanoTime();
    Goal g =
        client.submitGoal(GoalRequest.of("What is 6 * 7? " + marker, "x").withModel(AgentIt.FAST));
    Goal done = AgentIt.until(() -> client.goal(g.id()), Goal::isFinished, Duration.ofSeconds(60));
    assertEquals("succeeded", done.status());
    assertEquals("42", done.result());

    GoalPage byText = client.goals(null, marker, 0, 20);
    assertEquals(1, byText.total());
    assertEquals(g.id(), byText.items().get(0).id());
    assertNull(byText.items().get(0).workItems(), "lists leave the work items out");
    GoalPage succeeded = client.goals("succeeded", marker, 0, 20);
    assertEquals(1, succeeded.total());
    assertEquals(0, client.goals("failed", marker, 0, 20).total());
    GoalPage page = client.goals(null, null, 0, 1);
    assertEquals(1, page.items().size());
    assertEquals(1, page.size());
    assertTrue(page.total() >= 1);

    MetricsSummary m = client.metrics();
    assertTrue(m.totalStreams() >= 3 && m.completedStreams() >= 3, m.toString());
    assertNotNull(m.meanTtftMs());
    assertNotNull(m.tokensPerSecond());
    assertTrue(client.streams("completed", g.id(), AgentIt.FAST, 0, 50).total() == 3);
  }
}
