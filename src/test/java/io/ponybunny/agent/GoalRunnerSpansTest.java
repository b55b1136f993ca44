package io.ponybunny.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.tools.CalculatorTool;
import io.ponybunny.agent.tools.ToolRegistry;
import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.NonRetryableProviderException;
import io.ponybunny.telemetry.AgentSpans;
import io.ponybunny.telemetry.GenAiAttributes;
import io.ponybunny.testing.RecordingTelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The spans of a goal run by {@link GoalRunner}: the run's span, one child per work item, and each
 * LLM call started while the right one is current (planning under the goal, ReAct turns under their
 * work item).
 */
class GoalRunnerSpansTest {

  private final RecordingTelemetry otel = new RecordingTelemetry();
  private final AgentFakes.MemoryGoalStore store = new AgentFakes.MemoryGoalStore();
  private final ReactLoopTest.ScriptedLlm scripted = new ReactLoopTest.ScriptedLlm();
  private final List<SpanContext> callParents = new ArrayList<>();
  private final GoalRunner runner = new GoalRunner();

  @BeforeEach
  void wire() {
    runner.store = store;
    runner.llm =
        new LlmPort() {
          @Override
          public Handle start(String model, List<ChatMessage> messages, LlmCompletionOptions o) {
            callParents.add(Span.current().getSpanContext());
            return scripted.start(model, messages, o);
          }
        };
    runner.tools = new ToolRegistry(List.of(new CalculatorTool()));
    runner.models = new ModelResolver(key -> Optional.empty());
    runner.events = new AgentFakes.CountingEvents();
    runner.settings = AgentFakes.settings(1, 10);
    runner.spans = new AgentSpans(otel);
    store.add(
        new GoalEntity("g1", "Two steps", "d", null, "sim/x", null, Budget.DEFAULT, null, 1L, "a"));
  }

  private List<SpanData> named(String name) {
    return otel.spans().stream().filter(s -> s.getName().equals(name)).toList();
  }

  @Test
  void planningRunsUnderTheGoalsSpanAndEachWorkItemsTurnsUnderItsOwn() {
    scripted.say("1. First\n2. Second").say("Final Answer: a").say("Final Answer: b");

    runner.run(new GoalExecution("g1", Runnable::run));

    SpanData goal = otel.span("invoke_workflow goal");
    assertEquals("g1", goal.getAttributes().get(GenAiAttributes.GOAL_ID));
    assertEquals("succeeded", goal.getAttributes().get(GenAiAttributes.GOAL_STATUS));
    List<SpanData> items = named("invoke_agent react");
    assertEquals(2, items.size());
    List<String> itemIds = store.workItems("g1").stream().map(w -> w.getId()).toList();
    for (int i = 0; i < 2; i++) {
      SpanData item = items.get(i);
      assertEquals(goal.getSpanId(), item.getParentSpanId());
      assertEquals(itemIds.get(i), item.getAttributes().get(GenAiAttributes.WORK_ITEM_ID));
    }
    assertEquals(3, callParents.size());
    assertEquals(goal.getSpanId(), callParents.get(0).getSpanId(), "planning");
    assertEquals(items.get(0).getSpanId(), callParents.get(1).getSpanId(), "first item's turn");
    assertEquals(items.get(1).getSpanId(), callParents.get(2).getSpanId(), "second item's turn");
  }

  @Test
  void aGoalThatFailsInAWorkItemMarksBothSpans() {
    scripted
        .say("1. First")
        .fail(new NonRetryableProviderException("sim", 401, "authentication_error", "no", null));

    runner.run(new GoalExecution("g1", Runnable::run));

    SpanData item = otel.span("invoke_agent react");
    assertEquals(StatusCode.ERROR, item.getStatus().getStatusCode());
    assertEquals("authentication_error", item.getAttributes().get(GenAiAttributes.ERROR_TYPE));
    SpanData goal = otel.span("invoke_workflow goal");
    assertEquals("failed", goal.getAttributes().get(GenAiAttributes.GOAL_STATUS));
    assertEquals(StatusCode.ERROR, goal.getStatus().getStatusCode());
    assertFalse(goal.getStatus().getDescription().isBlank());
  }
}
