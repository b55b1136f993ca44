package io.ponybunny.agent.persistence;

import io.ponybunny.agent.Budget;
import io.ponybunny.agent.GoalStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A goal as stored; status changes go through {@link #moveTo(GoalStatus, long)}. */
@Entity
@Table(name = "pb_goal")
public class GoalEntity {

  @Id
  @Column(length = 64)
  private String id;

  private String title;
  private String description;

  @Column(name = "success_criteria")
  private String successCriteria;

  private String model;
  private String tier;
  private String status;
  private String result;
  private String error;
  private String scratchpad;

  @Column(name = "max_tokens")
  private int maxTokens;

  @Column(name = "max_steps")
  private int maxSteps;

  @Column(name = "max_duration_s")
  private int maxDurationSeconds;

  @Column(name = "tokens_used")
  private int tokensUsed;

  @Column(name = "created_at")
  private long createdAt;

  @Column(name = "started_at")
  private Long startedAt;

  @Column(name = "finished_at")
  private Long finishedAt;

  /** The principal that created the goal (null for goals from before ownership). */
  private String owner;

  // Cluster mode: written by GoalClaims only (SQL), read here.

  @Column(insertable = false, updatable = false)
  private String instance;

  @Column(name = "lease_until", insertable = false, updatable = false)
  private Long leaseUntil;

  @Column(insertable = false, updatable = false)
  private long fence;

  @Column(name = "cancel_requested", insertable = false, updatable = false)
  private boolean cancelRequested;

  protected GoalEntity() {}

  public GoalEntity(
      String id,
      String title,
      String description,
      String successCriteria,
      String model,
      String tier,
      Budget budget,
      String scratchpad,
      long createdAt,
      String owner) {
    this.id = id;
    this.owner = owner;
    this.title = title;
    this.description = description;
    this.successCriteria = successCriteria;
    this.model = model;
    this.tier = tier;
    this.maxTokens = budget.maxTokens();
    this.maxSteps = budget.maxSteps();
    this.maxDurationSeconds = budget.maxDurationSeconds();
    this.scratchpad = scratchpad;
    this.status = GoalStatus.QUEUED.wireName();
    this.createdAt = createdAt;
  }

  /** Applies a transition of the goal state machine, stamping start and finish times. */
  public void moveTo(GoalStatus next, long now) {
    status = status().transitionTo(next).wireName();
    if (next == GoalStatus.RUNNING) {
      startedAt = now;
    }
    if (next.isFinal()) {
      finishedAt = now;
    }
  }

  /**
   * Puts a failed goal back to queued for a retry: its error, result and finish time are cleared;
   * its start time, its tokens used and everything below it stay.
   */
  public void requeue() {
    status = status().retry().wireName();
    error = null;
    result = null;
    finishedAt = null;
  }

  public GoalStatus status() {
    return GoalStatus.fromWireName(status);
  }

  public Budget budget() {
    return new Budget(maxTokens, maxSteps, maxDurationSeconds);
  }

  public String getId() {
    return id;
  }

  public String getOwner() {
    return owner;
  }

  public String getTitle() {
    return title;
  }

  public String getDescription() {
    return description;
  }

  public String getSuccessCriteria() {
    return successCriteria;
  }

  public String getModel() {
    return model;
  }

  public String getTier() {
    return tier;
  }

  public String getResult() {
    return result;
  }

  public void setResult(String result) {
    this.result = result;
  }

  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error;
  }

  public String getScratchpad() {
    return scratchpad;
  }

  public int getTokensUsed() {
    return tokensUsed;
  }

  public void addTokens(int tokens) {
    this.tokensUsed += tokens;
  }

  public long getCreatedAt() {
    return createdAt;
  }

  public Long getStartedAt() {
    return startedAt;
  }

  public Long getFinishedAt() {
    return finishedAt;
  }

  /** The cluster instance that claimed the goal and runs it (null: none, or a single node). */
  public String getInstance() {
    return instance;
  }

  /** Until when the claim of {@link #getInstance()} holds unless renewed (epoch ms, null: none). */
  public Long getLeaseUntil() {
    return leaseUntil;
  }

  /** How many times the goal was claimed; a writer holding an older value is refused. */
  public long getFence() {
    return fence;
  }

  /** Whether a cancel was asked of the instance running the goal. */
  public boolean isCancelRequested() {
    return cancelRequested;
  }
}
