package io.ponybunny.client;

import jakarta.json.bind.annotation.JsonbNillable;
import java.math.BigDecimal;
import java.util.List;

/**
 * The history of one LLM stream. Status: {@code streaming}, {@code completed}, {@code error},
 * {@code cancelled} or {@code interrupted} (the server stopped while it streamed: the content is
 * what its last checkpoint saved); {@code content} is null in lists. {@code checkpointedAt}: when
 * the content was last saved while it streamed (null if never). {@code instance}: the cluster
 * instance that ran it (null on a single node). Who called: {@code owner}, {@code client} (the API
 * the caller spoke: {@code api}, {@code openai} or {@code anthropic}; null for the agent's calls)
 * and {@code apiKeyId} (the id of the API key it came with, never its secret; null without one).
 * Tokens are the provider's ({@code inputTokens} includes {@code cachedInputTokens}, the part read
 * from its cache), as far as reported also for a cancelled or failed stream; {@code costUsd} is
 * what they cost at the model's configured price (null: no price, or no usage reported). The single
 * record (not a list's) also carries {@code attempts}, those that failed before the one that served
 * the stream (retries and fallbacks; empty when the first served), and {@code timings}, when its
 * chunks arrived (null for a record from before they were kept).
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
    Integer cachedInputTokens,
    BigDecimal costUsd,
    Long ttftMs,
    Long durationMs,
    String finishReason,
    String error,
    String startedAt,
    String finishedAt,
    String checkpointedAt,
    String instance,
    String client,
    String apiKeyId,
    List<StreamAttempt> attempts,
    StreamTimings timings,
    String prompt,
    String excerpt) {}
