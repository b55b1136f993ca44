package io.ponybunny.client;

import jakarta.json.bind.annotation.JsonbNillable;

/**
 * The history of one LLM stream. Status: {@code streaming}, {@code completed}, {@code error} or
 * {@code cancelled}; {@code content} is null in lists.
 */
@JsonbNillable
public record StreamRecord(
    String requestId,
    String owner,
    String goalId,
    String workItemId,
    String runId,
    String model,
    String provider,
    String status,
    String content,
    int chunks,
    Integer inputTokens,
    Integer outputTokens,
    int tokensUsed,
    Long ttftMs,
    Long durationMs,
    String finishReason,
    String error,
    String startedAt,
    String finishedAt) {}
