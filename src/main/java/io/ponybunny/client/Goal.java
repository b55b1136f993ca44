package io.ponybunny.client;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbTransient;
import java.util.List;

/**
 * A goal: status {@code queued}, {@code running}, {@code succeeded}, {@code failed} or {@code
 * cancelled}; {@code workItems} is null in lists and present in {@code GET /api/goals/{id}}.
 * Timestamps are ISO-8601; {@code owner} is the principal that created it; {@code instance} is the
 * cluster instance that claimed it and runs it, or ran it once it ended (null while no instance
 * holds it, and on a single node).
 */
@JsonbNillable
public record Goal(
    String id,
    String owner,
    String title,
    String description,
    String successCriteria,
    String model,
    String tier,
    String status,
    String result,
    String error,
    Budget budget,
    int tokensUsed,
    String createdAt,
    String startedAt,
    String finishedAt,
    String instance,
    List<WorkItem> workItems) {

  /** Whether the goal reached a final status. */
  @JsonbTransient
  public boolean isFinished() {
    return "succeeded".equals(status) || "failed".equals(status) || "cancelled".equals(status);
  }
}
