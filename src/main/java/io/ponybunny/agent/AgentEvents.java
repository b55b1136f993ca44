package io.ponybunny.agent;

import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.WorkItemEntity;
import io.ponybunny.event.StreamEventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Publishes the agent's {@link AgentEvent}s on the goal's channel. */
@ApplicationScoped
public class AgentEvents {

  @Inject StreamEventPublisher publisher;

  public void created(GoalEntity g) {
    publisher.publish(
        new AgentEvent.GoalCreated(
            g.getId(), g.getTitle(), g.status().wireName(), System.currentTimeMillis()));
  }

  public void status(GoalEntity g) {
    publisher.publish(
        new AgentEvent.GoalStatusChanged(
            g.getId(),
            g.status().wireName(),
            g.getResult(),
            g.getError(),
            System.currentTimeMillis()));
  }

  public void workItem(WorkItemEntity w) {
    publisher.publish(
        new AgentEvent.WorkItemStatusChanged(
            w.getGoalId(),
            w.getId(),
            w.getTitle(),
            w.status().wireName(),
            System.currentTimeMillis()));
  }

  public void step(String goalId, String workItemId, String runId, ReactLoop.StepRecord s) {
    publisher.publish(
        new AgentEvent.RunStep(
            goalId,
            workItemId,
            runId,
            s.index(),
            s.thought(),
            s.action(),
            s.actionInput(),
            s.observation(),
            s.finalAnswer(),
            System.currentTimeMillis()));
  }
}
