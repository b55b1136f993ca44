package io.ponybunny.telemetry;

import static io.ponybunny.telemetry.GenAiAttributesTest.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.NonRetryableProviderException;
import io.ponybunny.llm.call.CallObserver.CallStart;
import io.ponybunny.testing.RecordingTelemetry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Goal runs and work items as spans, with the LLM calls made inside them as their children. */
class AgentSpansTest {

  private final RecordingTelemetry otel = new RecordingTelemetry();
  private final AgentSpans spans = new AgentSpans(otel);
  private final CallTelemetry calls = new CallTelemetry(otel, false, System::nanoTime);

  private void llmCall(String requestId) {
    calls
        .start(
            new CallStart(
                requestId,
                "sim/react",
                List.of(route("sim", "openai", "http://localhost:9080/sim/openai/v1", "react")),
                List.of(ChatMessage.user("plan")),
                LlmCompletionOptions.builder().build()))
        .end(null, null);
  }

  @Test
  void aGoalRunIsATraceOfItsOwnWithWorkItemsAndCallsNestedInIt() {
    Span submit = otel.getTracer("test").spanBuilder("POST /api/goals").startSpan();
    try (Scope ignored = submit.makeCurrent()) {
      spans.goal(
          "g1",
          () -> {
            llmCall("req_plan");
            String answer =
                spans.workItem(
                    "g1",
                    "w1",
                    "r1",
                    () -> {
                      llmCall("req_turn");
                      return "395";
                    });
            assertEquals("395", answer);
            spans.goalEnded("succeeded", null);
          });
    }
    submit.end();

    SpanData goal = otel.span("invoke_workflow goal");
    SpanData item = otel.span("invoke_agent react");
    assertEquals(SpanKind.INTERNAL, goal.getKind());
    assertFalse(goal.getParentSpanContext().isValid(), "a trace of its own");
    assertEquals(submit.getSpanContext(), goal.getLinks().get(0).getSpanContext(), "linked");
    assertEquals("invoke_workflow", goal.getAttributes().get(GenAiAttributes.OPERATION_NAME));
    assertEquals("g1", goal.getAttributes().get(GenAiAttributes.GOAL_ID));
    assertEquals("succeeded", goal.getAttributes().get(GenAiAttributes.GOAL_STATUS));
    assertEquals(StatusCode.UNSET, goal.getStatus().getStatusCode());
    assertEquals(goal.getSpanId(), item.getParentSpanId());
    assertEquals("react", item.getAttributes().get(GenAiAttributes.AGENT_NAME));
    assertEquals("w1", item.getAttributes().get(GenAiAttributes.WORK_ITEM_ID));
    assertEquals("r1", item.getAttributes().get(GenAiAttributes.RUN_ID));
    List<SpanData> chats =
        otel.spans().stream().filter(s -> s.getName().equals("chat react")).toList();
    assertEquals(2, chats.size());
    SpanData plan = byRequest(chats, "req_plan");
    SpanData turn = byRequest(chats, "req_turn");
    assertEquals(goal.getSpanId(), plan.getParentSpanId(), "planning: under the goal");
    assertEquals(item.getSpanId(), turn.getParentSpanId(), "a ReAct turn: under its work item");
    assertEquals(goal.getTraceId(), turn.getTraceId());
  }

  @Test
  void aFailingWorkItemIsAnErrorWithItsTypeAndAFailedGoalCarriesItsReason() {
    spans.goal(
        "g2",
        () -> {
          assertThrows(
              NonRetryableProviderException.class,
              () ->
                  spans.workItem(
                      "g2",
                      "w2",
                      "r2",
                      () -> {
                        throw new NonRetryableProviderException(
                            "sim", 400, "bad_request", "no", null);
                      }));
          spans.goalEnded("failed", "provider error: no");
        });
    SpanData item = otel.span("invoke_agent react");
    assertEquals(StatusCode.ERROR, item.getStatus().getStatusCode());
    assertEquals("bad_request", item.getAttributes().get(GenAiAttributes.ERROR_TYPE));
    SpanData goal = otel.span("invoke_workflow goal");
    assertEquals(StatusCode.ERROR, goal.getStatus().getStatusCode());
    assertEquals("provider error: no", goal.getStatus().getDescription());
    assertEquals("failed", goal.getAttributes().get(GenAiAttributes.GOAL_STATUS));
  }

  private static SpanData byRequest(List<SpanData> spans, String requestId) {
    return spans.stream()
        .filter(s -> requestId.equals(s.getAttributes().get(GenAiAttributes.REQUEST_ID)))
        .findFirst()
        .orElseThrow();
  }
}
