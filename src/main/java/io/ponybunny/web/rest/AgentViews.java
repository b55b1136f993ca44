package io.ponybunny.web.rest;

import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.GoalStore;
import io.ponybunny.agent.persistence.RunEntity;
import io.ponybunny.agent.persistence.StepEntity;
import io.ponybunny.agent.persistence.WorkItemEntity;
import io.ponybunny.client.Budget;
import io.ponybunny.client.Goal;
import io.ponybunny.client.Run;
import io.ponybunny.client.Step;
import io.ponybunny.client.StreamRecord;
import io.ponybunny.client.StreamTimings;
import io.ponybunny.client.WorkItem;
import io.ponybunny.history.ChunkTimings;
import io.ponybunny.history.StreamAttempts;
import io.ponybunny.history.StreamRecordEntity;
import java.time.Instant;
import java.util.List;

/** Maps stored entities to the API's JSON records ({@code io.ponybunny.client}). */
final class AgentViews {

  private AgentViews() {}

  /** A goal; {@code detail} null gives the list form (no work items). */
  static Goal goal(GoalEntity g, GoalStore.Detail detail) {
    List<WorkItem> items =
        detail == null ? null : detail.items().stream().map(w -> workItem(w, detail)).toList();
    return new Goal(
        g.getId(),
        g.getOwner(),
        g.getTitle(),
        g.getDescription(),
        g.getSuccessCriteria(),
        g.getModel(),
        g.getTier(),
        g.status().wireName(),
        g.getResult(),
        g.getError(),
        new Budget(g.budget().maxTokens(), g.budget().maxSteps(), g.budget().maxDurationSeconds()),
        g.getTokensUsed(),
        time(g.getCreatedAt()),
        time(g.getStartedAt()),
        time(g.getFinishedAt()),
        g.getInstance(),
        items);
  }

  private static WorkItem workItem(WorkItemEntity w, GoalStore.Detail detail) {
    List<Run> runs =
        detail.runs().stream()
            .filter(r -> r.getWorkItemId().equals(w.getId()))
            .map(r -> run(r, detail))
            .toList();
    return new WorkItem(
        w.getId(),
        w.getTitle(),
        w.status().wireName(),
        w.getOrder(),
        w.dependsOn(),
        w.getResult(),
        runs);
  }

  private static Run run(RunEntity r, GoalStore.Detail detail) {
    List<Step> steps =
        detail.steps().stream()
            .filter(s -> s.getRunId().equals(r.getId()))
            .map(AgentViews::step)
            .toList();
    return new Run(
        r.getId(),
        r.getAttempt(),
        r.status().wireName(),
        r.getTokensUsed(),
        time(r.getStartedAt()),
        time(r.getFinishedAt()),
        r.getError(),
        steps);
  }

  private static Step step(StepEntity s) {
    return new Step(
        s.getIndex(),
        s.getThought(),
        s.getAction(),
        s.getActionInput(),
        s.getObservation(),
        s.getFinalAnswer(),
        time(s.getCreatedAt()));
  }

  /** Characters of a prompt a list shows. */
  static final int LISTED_PROMPT = 200;

  /** Characters of the answer a list's excerpt shows. */
  static final int EXCERPT = 160;

  /**
   * A stream record in a list: no content, attempts or timings; its prompt's beginning and an
   * excerpt of its answer around {@code phrase} (or its beginning, when null or not in it).
   */
  static StreamRecord listed(StreamRecordEntity s, String phrase) {
    String prompt = s.getPrompt();
    return record(
        s,
        null,
        null,
        null,
        prompt == null || prompt.length() <= LISTED_PROMPT
            ? prompt
            : prompt.substring(0, LISTED_PROMPT),
        excerpt(s.getContent(), phrase));
  }

  /** Up to {@link #EXCERPT} characters of {@code text} around {@code phrase}; null for no text. */
  static String excerpt(String text, String phrase) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    int at =
        phrase == null
            ? -1
            : text.toLowerCase(java.util.Locale.ROOT)
                .indexOf(phrase.toLowerCase(java.util.Locale.ROOT));
    int start = at < 0 ? 0 : Math.max(0, at - (EXCERPT - phrase.length()) / 2);
    int end = Math.min(text.length(), start + EXCERPT);
    start = Math.max(0, Math.min(start, end - EXCERPT));
    return (start > 0 ? "…" : "") + text.substring(start, end) + (end < text.length() ? "…" : "");
  }

  /**
   * A stream record with its {@code content}, {@code chunks} (null: the record's) and {@code
   * timings} ({@link ChunkTimings#encode}'s form; null: none), and its attempts.
   */
  static StreamRecord stream(StreamRecordEntity s, String content, Integer chunks, String timings) {
    return record(s, content, chunks, timings, s.getPrompt(), null);
  }

  private static StreamRecord record(
      StreamRecordEntity s,
      String content,
      Integer chunks,
      String timings,
      String prompt,
      String excerpt) {
    ChunkTimings t = ChunkTimings.decode(timings);
    return new StreamRecord(
        s.getRequestId(),
        s.getOwner(),
        s.getGoalId(),
        s.getWorkItemId(),
        s.getRunId(),
        s.getModel(),
        s.getProvider(),
        s.getStatus(),
        content,
        chunks != null ? chunks : s.getChunks(),
        s.getInputTokens(),
        s.getOutputTokens(),
        s.getTokensUsed(),
        s.getCachedInputTokens(),
        s.getCostUsd(),
        s.getTtftMs(),
        s.getDurationMs(),
        s.getFinishReason(),
        s.getError(),
        time(s.getStartedAt()),
        time(s.getFinishedAt()),
        time(s.getCheckpointedAt()),
        s.getInstance(),
        s.getClient(),
        s.getApiKeyId(),
        content == null ? null : StreamAttempts.decode(s.getAttempts()),
        t == null ? null : new StreamTimings(t.offsetsMs(), t.lengths()),
        prompt,
        excerpt);
  }

  static String time(Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
  }
}
