package io.ponybunny.agent.persistence;

import io.ponybunny.agent.WorkItemStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Arrays;
import java.util.List;

/** A step of a goal's plan; runs in {@code order} after the items it depends on. */
@Entity
@Table(name = "pb_work_item")
public class WorkItemEntity {

  @Id
  @Column(length = 64)
  private String id;

  @Column(name = "goal_id")
  private String goalId;

  private String title;
  private String status;

  @Column(name = "item_order")
  private int itemOrder;

  @Column(name = "depends_on")
  private String dependsOn;

  private String result;

  protected WorkItemEntity() {}

  public WorkItemEntity(String id, String goalId, String title, int order, List<String> dependsOn) {
    this.id = id;
    this.goalId = goalId;
    this.title = title;
    this.itemOrder = order;
    this.dependsOn = String.join(",", dependsOn);
    this.status = WorkItemStatus.PENDING.wireName();
  }

  public void moveTo(WorkItemStatus next) {
    status = status().transitionTo(next).wireName();
  }

  /**
   * For a retry of its goal: a failed or skipped item goes back to pending and loses its result;
   * returns whether it did (a succeeded item keeps its result and is not run again).
   */
  public boolean resetForRetry() {
    if (!status().resetOnRetry()) {
      return false;
    }
    status = WorkItemStatus.PENDING.wireName();
    result = null;
    return true;
  }

  public WorkItemStatus status() {
    return WorkItemStatus.fromWireName(status);
  }

  public String getId() {
    return id;
  }

  public String getGoalId() {
    return goalId;
  }

  public String getTitle() {
    return title;
  }

  public int getOrder() {
    return itemOrder;
  }

  public List<String> dependsOn() {
    return dependsOn == null || dependsOn.isEmpty()
        ? List.of()
        : Arrays.asList(dependsOn.split(","));
  }

  public String getResult() {
    return result;
  }

  public void setResult(String result) {
    this.result = result;
  }
}
