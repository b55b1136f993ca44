package io.ponybunny.client;

import static io.ponybunny.client.AgentIt.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.LibertyServer;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A crash loses nothing a user saw: the server's JVM is killed with {@code kill -9} (no shutdown
 * hook, no graceful stop) while a completion streams and a goal runs. After the restart the stream
 * shows the text saved by its last checkpoint and ends {@code interrupted} (one terminal state);
 * the goal is interrupted, is retried to success, and nothing is left running.
 */
class CrashRecoveryIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void killNineMidStreamAndMidGoalKeepsTheCheckpointedTextAndTheGoalRetries() throws Exception {
    PonyBunnyClient client = AgentIt.client();
    String channel = "crash-" + UUID.randomUUID();
    String completionId;
    String goalId;
    StringBuilder seen = new StringBuilder();
    try (WsClient all = WsClient.open("/ws/streams")) {
      // A slow completion: 5 tokens a second for a minute.
      TestServer.complete(channel, "sim/crash~tokens=300~tps=5", "Crash me");
      JsonObject start = all.await(e -> is(e, "llm.stream.start", channel), WAIT);
      completionId = AgentIt.data(start).getString("requestId");
      // A slow goal, mid-stream as well.
      goalId =
          client
              .submitGoal(GoalRequest.of("What is 9 * 9?", "Crashed").withModel("sim/react~tps=2"))
              .id();
      String gid = goalId;
      all.await(e -> is(e, "llm.stream.chunk", gid), WAIT);

      // The completion's content has been checkpointed at least once.
      StreamRecord live =
          AgentIt.until(() -> client.stream(completionId), s -> s.checkpointedAt() != null, WAIT);
      assertEquals("streaming", live.status());
      for (JsonObject e : all.events()) {
        if (is(e, "llm.stream.chunk", channel)) {
          seen.append(AgentIt.data(e).getString("chunk"));
        }
      }
    }

    Instant killedAt = Instant.now();
    LibertyServer.kill9();
    LibertyServer.run("start");
    LibertyServer.awaitReady();

    PonyBunnyClient after = AgentIt.client();
    StreamRecord stream = after.stream(completionId);
    assertEquals("interrupted", stream.status(), stream.toString());
    assertNotNull(stream.finishedAt(), "one terminal state, with its time");
    assertTrue(stream.error().contains("interrupted"), stream.error());
    assertFalse(stream.content().isEmpty(), "the checkpointed text survived the crash");
    assertTrue(
        seen.toString().startsWith(stream.content())
            || stream.content().startsWith(seen.toString()),
        "the saved text is the streamed text: saved '"
            + stream.content()
            + "', seen '"
            + seen
            + "'");

    Goal interrupted = after.goal(goalId);
    assertEquals("failed", interrupted.status(), interrupted.toString());
    assertTrue(interrupted.error().contains("interrupted"), interrupted.error());
    Goal retried = after.retryGoal(goalId);
    assertEquals(goalId, retried.id());
    Goal done = AgentIt.until(() -> after.goal(goalId), Goal::isFinished, WAIT);
    assertEquals("succeeded", done.status(), done.toString());
    assertEquals("81", done.result());

    // Nothing started before the crash is still running or streaming a minute later.
    AgentIt.until(Instant::now, now -> now.isAfter(killedAt.plusSeconds(60)), WAIT.plusSeconds(30));
    for (Goal g : after.goals("running", null, 0, 200).items()) {
      assertTrue(Instant.parse(g.startedAt()).isAfter(killedAt), "stuck: " + g);
    }
    for (StreamRecord s : after.streams("active", null, null, 0, 200).items()) {
      assertTrue(Instant.parse(s.startedAt()).isAfter(killedAt), "stuck: " + s);
    }
  }
}
