package io.ponybunny.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * The agent's spans (GenAI agent conventions): a goal's run is one {@code INTERNAL} span {@code
 * invoke_workflow goal}, the root of its own trace (linked to the span that was current when the
 * run began, if any), and each work item's ReAct loop a child {@code invoke_agent react}. Each is
 * current while its work runs, so the LLM calls made there ({@link CallTelemetry}) are its
 * children: the planning call under the goal, the ReAct turns under their work item.
 */
@ApplicationScoped
public class AgentSpans {

  /** Spans that record nothing (unit tests of the agent). */
  public static final AgentSpans NONE = new AgentSpans(OpenTelemetry.noop());

  static final String WORKFLOW = "goal";
  static final String AGENT = "react";

  @Inject Instance<OpenTelemetry> openTelemetry;

  private Tracer tracer;

  public AgentSpans() {}

  /** Spans on {@code telemetry} (tests give a recording SDK). */
  public AgentSpans(OpenTelemetry telemetry) {
    tracer = telemetry.getTracer(Telemetry.SCOPE);
  }

  @PostConstruct
  void init() {
    tracer = Telemetry.of(openTelemetry).getTracer(Telemetry.SCOPE);
  }

  /** Runs {@code run}, a run of goal {@code goalId}, in the goal's span. */
  public void goal(String goalId, Runnable run) {
    SpanBuilder builder =
        tracer
            .spanBuilder("invoke_workflow " + WORKFLOW)
            .setNoParent()
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(GenAiAttributes.OPERATION_NAME, "invoke_workflow")
            .setAttribute(GenAiAttributes.WORKFLOW_NAME, WORKFLOW)
            .setAttribute(GenAiAttributes.GOAL_ID, goalId);
    SpanContext current = Span.current().getSpanContext();
    if (current.isValid()) {
      builder.addLink(current);
    }
    in(
        builder.startSpan(),
        () -> {
          run.run();
          return null;
        });
  }

  /**
   * Marks the current goal span (call it inside {@link #goal}, outside any work item) with the
   * goal's final status; {@code failed} with its reason makes the span an error.
   */
  public void goalEnded(String status, String reason) {
    Span span = Span.current();
    span.setAttribute(GenAiAttributes.GOAL_STATUS, status);
    if ("failed".equals(status)) {
      span.setAttribute(GenAiAttributes.ERROR_TYPE, status);
      span.setStatus(StatusCode.ERROR, reason == null ? status : reason);
    }
  }

  /**
   * Runs {@code loop}, the ReAct loop of run {@code runId} of a work item, in the work item's span
   * (a child of the current one), and returns its answer; a failure it throws marks the span with
   * its {@code error.type} and goes on.
   */
  public <T> T workItem(String goalId, String workItemId, String runId, Supplier<T> loop) {
    Span span =
        tracer
            .spanBuilder("invoke_agent " + AGENT)
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(GenAiAttributes.OPERATION_NAME, "invoke_agent")
            .setAttribute(GenAiAttributes.AGENT_NAME, AGENT)
            .setAttribute(GenAiAttributes.GOAL_ID, goalId)
            .setAttribute(GenAiAttributes.WORK_ITEM_ID, workItemId)
            .setAttribute(GenAiAttributes.RUN_ID, runId)
            .startSpan();
    return in(span, loop);
  }

  private static <T> T in(Span span, Supplier<T> work) {
    try (Scope ignored = span.makeCurrent()) {
      return work.get();
    } catch (RuntimeException | Error e) {
      String type = GenAiAttributes.errorType(e);
      span.setAttribute(GenAiAttributes.ERROR_TYPE, type);
      span.setStatus(StatusCode.ERROR, type);
      throw e;
    } finally {
      span.end();
    }
  }
}
