package io.ponybunny.agent.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One ReAct step of a run: thought, action, input and observation (or the final answer). */
@Entity
@Table(name = "pb_step")
public class StepEntity {

  @Id
  @Column(length = 80)
  private String id;

  @Column(name = "run_id")
  private String runId;

  @Column(name = "goal_id")
  private String goalId;

  @Column(name = "step_index")
  private int stepIndex;

  private String thought;
  private String action;

  @Column(name = "action_input")
  private String actionInput;

  private String observation;

  @Column(name = "final_answer")
  private String finalAnswer;

  @Column(name = "created_at")
  private long createdAt;

  protected StepEntity() {}

  public StepEntity(
      String runId,
      String goalId,
      int index,
      String thought,
      String action,
      String actionInput,
      String observation,
      String finalAnswer,
      long createdAt) {
    this.id = runId + ":" + index;
    this.runId = runId;
    this.goalId = goalId;
    this.stepIndex = index;
    this.thought = thought;
    this.action = action;
    this.actionInput = actionInput;
    this.observation = observation;
    this.finalAnswer = finalAnswer;
    this.createdAt = createdAt;
  }

  public String getGoalId() {
    return goalId;
  }

  public String getRunId() {
    return runId;
  }

  public int getIndex() {
    return stepIndex;
  }

  public String getThought() {
    return thought;
  }

  public String getAction() {
    return action;
  }

  public String getActionInput() {
    return actionInput;
  }

  public String getObservation() {
    return observation;
  }

  public String getFinalAnswer() {
    return finalAnswer;
  }

  public long getCreatedAt() {
    return createdAt;
  }
}
