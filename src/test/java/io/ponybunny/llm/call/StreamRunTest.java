package io.ponybunny.llm.call;

import static io.ponybunny.llm.call.FakeProvider.endpoint;
import static io.ponybunny.llm.call.FakeProvider.status;
import static io.ponybunny.llm.call.FakeProvider.streamOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ponybunny.cluster.ClusterSettings;
import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.event.StreamOrigin;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.routing.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The origin a caller gives a streaming call reaches every event of the call unchanged; the start
 * names who called (the client the caller spoke, its API key's id) and the cluster instance that
 * runs the call; a caller's {@code onEvent} sees the very events every observer gets.
 */
class StreamRunTest {

  private static final StreamOrigin ORIGIN = new StreamOrigin("g1", "w1", "r1");

  private static LlmCompletionOptions from(StreamOrigin origin) {
    return LlmCompletionOptions.builder().stream(true).origin(origin).build();
  }

  private static List<Route> routes() {
    return List.of(new Route(endpoint("a", 0), "m"));
  }

  @Test
  void aStreamedCallNamesItsOriginInEveryEvent() {
    FakeProvider p = new FakeProvider();
    p.script("a", streamOf("x", "y"));
    p.run(routes(), from(ORIGIN), CallLimits.defaults()).await();
    assertEquals(
        List.of("llm.stream.start", "llm.stream.chunk", "llm.stream.chunk", "llm.stream.end"),
        p.eventNames());
    StreamEvent.Start start = p.start();
    assertEquals(ORIGIN, new StreamOrigin(start.goalId(), start.workItemId(), start.runId()));
    for (ChannelEvent e : p.events) {
      assertEquals("g1", e.goalId(), e.eventName());
    }
  }

  @Test
  void aFailedCallNamesItsOriginToo() {
    FakeProvider p = new FakeProvider();
    p.script("a", status(400, "{\"error\":{\"message\":\"no\"}}"));
    LlmCall call = p.run(routes(), from(ORIGIN), CallLimits.defaults());
    assertThrows(ProviderException.class, call::await);
    assertEquals(List.of("llm.stream.start", "llm.stream.error"), p.eventNames());
    assertEquals("w1", p.start().workItemId());
    assertEquals("g1", p.events.get(1).goalId());
  }

  @Test
  void aStreamInAClusterNamesTheInstanceThatRunsIt() {
    FakeProvider p = new FakeProvider();
    p.cluster = new ClusterSettings(true, "node-a", 10_000, 2_000, 1_000);
    p.script("a", streamOf("x"));
    p.run(routes(), from(ORIGIN), CallLimits.defaults()).await();
    assertEquals("node-a", p.start().instance());
    assertEquals("node-a", p.manager().collaborators().instance(), "the manager passes it on");
  }

  @Test
  void aStreamOnASingleNodeNamesNoInstance() {
    FakeProvider p = new FakeProvider();
    p.script("a", streamOf("x"));
    p.run(routes(), from(ORIGIN), CallLimits.defaults()).await();
    assertNull(p.start().instance());
    assertNull(p.manager().collaborators().instance());
  }

  @Test
  void aCallFromNowhereNamesNoGoal() {
    FakeProvider p = new FakeProvider();
    p.script("a", streamOf("x"));
    p.run(routes(), LlmCompletionOptions.builder().stream(true).build(), CallLimits.defaults())
        .await();
    StreamEvent.Start start = p.start();
    assertEquals(
        StreamOrigin.NONE, new StreamOrigin(start.goalId(), start.workItemId(), start.runId()));
    for (ChannelEvent e : p.events) {
      assertEquals(null, e.goalId(), e.eventName());
    }
  }

  @Test
  void theStartNamesTheClientTheCallerSpokeAndItsApiKeyId() {
    FakeProvider p = new FakeProvider();
    p.script("a", streamOf("x"));
    LlmCompletionOptions options =
        LlmCompletionOptions.builder().stream(true)
            .owner("alice")
            .client("openai")
            .apiKeyId("key_3")
            .build();
    p.run(routes(), options, CallLimits.defaults()).await();
    StreamEvent.Start start = p.start();
    assertEquals("alice", start.owner());
    assertEquals("openai", start.client());
    assertEquals("key_3", start.apiKeyId());
  }

  @Test
  void aCallersOnEventSeesEveryPublishedEventInTheSameOrder() {
    FakeProvider p = new FakeProvider();
    p.script("a", streamOf("x", "y"));
    List<StreamEvent> seen = new java.util.ArrayList<>();
    p.run(
            routes(),
            LlmCompletionOptions.builder().stream(true).onEvent(seen::add).build(),
            CallLimits.defaults())
        .await();
    assertEquals(p.events, seen, "the same records, in the same order");
  }

  @Test
  void aFailedCallHandsItsStartAndErrorToOnEvent() {
    FakeProvider p = new FakeProvider();
    p.script("a", status(400, "{\"error\":{\"message\":\"no\"}}"));
    List<StreamEvent> seen = new java.util.ArrayList<>();
    LlmCall call =
        p.run(
            routes(),
            LlmCompletionOptions.builder().stream(true).onEvent(seen::add).build(),
            CallLimits.defaults());
    assertThrows(ProviderException.class, call::await);
    assertEquals(List.of("llm.stream.start", "llm.stream.error"), p.eventNames());
    assertEquals(p.events, seen);
  }
}
