package io.ponybunny.agent;

import io.ponybunny.event.ChannelEvent;
import jakarta.json.stream.JsonGenerator;

/**
 * The agent's progress events, broadcast on {@code /ws/goals/{goalId}} and {@code /ws/streams} with
 * the same frame contract as {@code llm.stream.*}. Events of one goal keep their order (the
 * ordering key is the goal id). The record components are the wire payload.
 */
public sealed interface AgentEvent extends ChannelEvent {

  @Override
  default String orderingKey() {
    return goalId();
  }

  /** {@code goal.created}: a goal was accepted and queued. */
  record GoalCreated(String goalId, String title, String status, long timestamp)
      implements AgentEvent {
    @Override
    public String eventName() {
      return "goal.created";
    }

    @Override
    public void writeData(JsonGenerator g) {
      g.write("goalId", goalId).write("title", title).write("status", status);
      g.write("timestamp", timestamp);
    }
  }

  /** {@code goal.status}: the goal changed status; result or error when it finished. */
  record GoalStatusChanged(
      String goalId, String status, String result, String error, long timestamp)
      implements AgentEvent {
    @Override
    public String eventName() {
      return "goal.status";
    }

    @Override
    public boolean terminal() {
      return GoalStatus.fromWireName(status).isFinal();
    }

    @Override
    public void writeData(JsonGenerator g) {
      g.write("goalId", goalId).write("status", status);
      optional(g, "result", result);
      optional(g, "error", error);
      g.write("timestamp", timestamp);
    }
  }

  /** {@code workitem.status}: a work item changed status. */
  record WorkItemStatusChanged(
      String goalId, String workItemId, String title, String status, long timestamp)
      implements AgentEvent {
    @Override
    public String eventName() {
      return "workitem.status";
    }

    @Override
    public void writeData(JsonGenerator g) {
      g.write("goalId", goalId).write("workItemId", workItemId);
      g.write("title", title).write("status", status);
      g.write("timestamp", timestamp);
    }
  }

  /**
   * {@code run.step}: one ReAct step (thought, action, input, observation) was recorded; the last
   * step of a run carries the final answer instead of an action.
   */
  record RunStep(
      String goalId,
      String workItemId,
      String runId,
      int index,
      String thought,
      String action,
      String actionInput,
      String observation,
      String finalAnswer,
      long timestamp)
      implements AgentEvent {
    @Override
    public String eventName() {
      return "run.step";
    }

    @Override
    public void writeData(JsonGenerator g) {
      g.write("goalId", goalId).write("workItemId", workItemId).write("runId", runId);
      g.writeStartObject("step");
      g.write("index", index);
      optional(g, "thought", thought);
      optional(g, "action", action);
      optional(g, "actionInput", actionInput);
      optional(g, "observation", observation);
      optional(g, "finalAnswer", finalAnswer);
      g.writeEnd();
      g.write("timestamp", timestamp);
    }
  }

  private static void optional(JsonGenerator g, String name, String value) {
    if (value == null) {
      g.writeNull(name);
    } else {
      g.write(name, value);
    }
  }
}
