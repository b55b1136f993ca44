package io.ponybunny.client;

import static io.ponybunny.client.AgentIt.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.LibertyServer;
import io.ponybunny.testing.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * History survives a restart: the test stops and starts the Liberty server the build started (same
 * configuration, same database file) and finds its goals, runs, steps and streams; a goal that was
 * running when the server stopped is failed, never left running. The server is up again when the
 * test ends, so other ITs can run after it.
 */
class GoalRestartIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void goalsRunsAndStreamsSurviveARestartAndNothingStaysRunning() throws Exception {
    PonyBunnyClient client = AgentIt.client();
    Goal finished =
        client.submitGoal(
            GoalRequest.of("What is 17 * 23 + 4?", "Before restart").withModel(AgentIt.FAST));
    Goal done = AgentIt.until(() -> client.goal(finished.id()), Goal::isFinished, WAIT);
    assertEquals("succeeded", done.status());
    StreamPage streamsBefore = client.streams(null, finished.id(), null, 0, 50);
    assertEquals(3, streamsBefore.total());

    // A slow goal, mid-stream when the server stops.
    String running;
    try (WsClient all = WsClient.open("/ws/streams")) {
      running =
          client
              .submitGoal(
                  GoalRequest.of("What is 9 * 9?", "Interrupted").withModel("sim/react~tps=2"))
              .id();
      String rid = running;
      all.await(e -> is(e, "llm.stream.chunk", rid), WAIT);
    }

    Instant restartedAt = Instant.now();
    LibertyServer.restart();

    PonyBunnyClient after = AgentIt.client();
    Goal again = after.goal(finished.id());
    assertEquals("succeeded", again.status());
    assertEquals("395", again.result());
    assertEquals(done.tokensUsed(), again.tokensUsed());
    Run run = again.workItems().get(0).runs().get(0);
    assertEquals("succeeded", run.status());
    assertEquals(2, run.steps().size());
    assertEquals("395", run.steps().get(0).observation());

    StreamPage streamsAfter = after.streams(null, finished.id(), null, 0, 50);
    assertEquals(streamsBefore.items(), streamsAfter.items(), "stream history is unchanged");
    for (StreamRecord s : streamsAfter.items()) {
      StreamRecord full = after.stream(s.requestId());
      assertFalse(full.content().isEmpty(), "content survived: " + s.requestId());
    }

    Goal interrupted = after.goal(running);
    assertEquals("failed", interrupted.status(), interrupted.toString());
    assertTrue(interrupted.error().contains("interrupted"), interrupted.error());
    for (WorkItem w : interrupted.workItems()) {
      assertFalse(List.of("running", "pending").contains(w.status()), w.toString());
      w.runs().forEach(r -> assertFalse("running".equals(r.status()), r.toString()));
    }
    for (StreamRecord s : after.streams(null, running, null, 0, 50).items()) {
      assertFalse("streaming".equals(s.status()), s.toString());
    }
    // Nothing started before the restart is still running or streaming.
    for (Goal g : after.goals("running", null, 0, 200).items()) {
      assertTrue(Instant.parse(g.startedAt()).isAfter(restartedAt), "stuck: " + g);
    }
    for (StreamRecord s : after.streams("active", null, null, 0, 200).items()) {
      assertTrue(Instant.parse(s.startedAt()).isAfter(restartedAt), "stuck: " + s);
    }

    // And the restarted server runs new goals.
    Goal fresh =
        after.submitGoal(GoalRequest.of("What is 2 + 3?", "After restart").withModel(AgentIt.FAST));
    assertEquals("5", AgentIt.until(() -> after.goal(fresh.id()), Goal::isFinished, WAIT).result());
  }
}
