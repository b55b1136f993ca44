package io.ponybunny.agent.persistence;

import io.ponybunny.agent.RunStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One attempt at a work item. */
@Entity
@Table(name = "pb_run")
public class RunEntity {

  @Id
  @Column(length = 64)
  private String id;

  @Column(name = "work_item_id")
  private String workItemId;

  @Column(name = "goal_id")
  private String goalId;

  private int attempt;
  private String status;

  @Column(name = "tokens_used")
  private int tokensUsed;

  @Column(name = "started_at")
  private long startedAt;

  @Column(name = "finished_at")
  private Long finishedAt;

  private String error;

  protected RunEntity() {}

  public RunEntity(String id, String workItemId, String goalId, int attempt, long startedAt) {
    this.id = id;
    this.workItemId = workItemId;
    this.goalId = goalId;
    this.attempt = attempt;
    this.startedAt = startedAt;
    this.status = RunStatus.RUNNING.wireName();
  }

  public void moveTo(RunStatus next, long now) {
    status = status().transitionTo(next).wireName();
    finishedAt = now;
  }

  public RunStatus status() {
    return RunStatus.fromWireName(status);
  }

  public String getId() {
    return id;
  }

  public String getWorkItemId() {
    return workItemId;
  }

  public String getGoalId() {
    return goalId;
  }

  public int getAttempt() {
    return attempt;
  }

  public int getTokensUsed() {
    return tokensUsed;
  }

  public void addTokens(int tokens) {
    tokensUsed += tokens;
  }

  public long getStartedAt() {
    return startedAt;
  }

  public Long getFinishedAt() {
    return finishedAt;
  }

  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error;
  }
}
