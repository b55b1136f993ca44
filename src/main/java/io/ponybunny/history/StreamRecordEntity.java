package io.ponybunny.history;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** The history of one LLM stream, written at its start and at its end. */
@Entity
@Table(name = "pb_stream")
public class StreamRecordEntity {

  @Id
  @Column(name = "request_id", length = 64)
  private String requestId;

  @Column(name = "goal_id")
  private String goalId;

  @Column(name = "work_item_id")
  private String workItemId;

  @Column(name = "run_id")
  private String runId;

  private String model;
  private String provider;
  private String status;
  private String content;
  private int chunks;

  @Column(name = "input_tokens")
  private Integer inputTokens;

  @Column(name = "output_tokens")
  private Integer outputTokens;

  @Column(name = "tokens_used")
  private int tokensUsed;

  /** Input tokens read from the provider's cache (part of input; V7 migration). */
  @Column(name = "cached_input_tokens")
  private Integer cachedInputTokens;

  /** What the tokens cost at the model's price, null when unknown (V7 migration). */
  @Column(name = "cost_usd", precision = 19, scale = 9)
  private BigDecimal costUsd;

  @Column(name = "ttft_ms")
  private Long ttftMs;

  @Column(name = "duration_ms")
  private Long durationMs;

  @Column(name = "finish_reason")
  private String finishReason;

  private String error;

  /** The principal the stream ran for (null for streams from before ownership). */
  private String owner;

  @Column(name = "started_at")
  private long startedAt;

  @Column(name = "finished_at")
  private Long finishedAt;

  @Column(name = "checkpointed_at")
  private Long checkpointedAt;

  /** The cluster instance the stream runs on (null on a single node). */
  private String instance;

  /** The API the caller spoke ({@code api}, {@code openai}, {@code anthropic}); null: the agent. */
  private String client;

  /** The id of the API key the stream came with (never its secret); null without one. */
  @Column(name = "api_key_id")
  private String apiKeyId;

  /** The attempts that failed before the one that served the stream (JSON; null: none). */
  private String attempts;

  /** When its chunks arrived ({@link ChunkTimings#encode}; null: none yet, or an old record). */
  @Column(name = "chunk_timings")
  private String chunkTimings;

  /** The call's last user message (at most {@link #PROMPT_CHARS}); null: none, or an old record. */
  private String prompt;

  /** A failed stream's error type ({@code rate_limited}, ...); null otherwise or unknown. */
  @Column(name = "error_type")
  private String errorType;

  /** The most characters of a prompt a record keeps. */
  static final int PROMPT_CHARS = 16_000;

  /** Width of the error type column (V8 migration). */
  static final int ERROR_TYPE_COLUMN = 64;

  /** Width of the model and provider columns (V1 migration). */
  static final int MODEL_COLUMN = 300;

  /** Width of the provider column (V1 migration). */
  static final int PROVIDER_COLUMN = 128;

  /** Width of the client column (V6 migration). */
  static final int CLIENT_COLUMN = 32;

  /** Width of the API key id column (V6 migration, as {@code pb_api_key.id}). */
  static final int API_KEY_ID_COLUMN = 64;

  protected StreamRecordEntity() {}

  /** Model references may be long (simulator scenarios carry text); the record keeps a prefix. */
  static String clip(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }

  public StreamRecordEntity(
      String requestId,
      String goalId,
      String workItemId,
      String runId,
      String model,
      String provider,
      String status,
      String owner,
      long startedAt) {
    this(requestId, goalId, workItemId, runId, model, provider, status, owner, null, startedAt);
  }

  /** A record of a stream running on cluster instance {@code instance} (null: a single node). */
  public StreamRecordEntity(
      String requestId,
      String goalId,
      String workItemId,
      String runId,
      String model,
      String provider,
      String status,
      String owner,
      String instance,
      long startedAt) {
    this.requestId = requestId;
    this.instance = instance;
    this.owner = owner;
    this.goalId = goalId;
    this.workItemId = workItemId;
    this.runId = runId;
    this.model = clip(model, MODEL_COLUMN);
    this.provider = clip(provider, PROVIDER_COLUMN);
    this.status = status;
    this.startedAt = startedAt;
    this.content = "";
  }

  public String getOwner() {
    return owner;
  }

  /**
   * Records who called besides the owner: the API the caller spoke and its API key's id (either
   * null).
   */
  public void calledBy(String client, String apiKeyId) {
    this.client = clip(client, CLIENT_COLUMN);
    this.apiKeyId = clip(apiKeyId, API_KEY_ID_COLUMN);
  }

  /** Records the attempts that failed before the serving one ({@link StreamAttempts#encode}). */
  public void attempted(String attempts) {
    this.attempts = attempts;
  }

  /** Records the call's last user message (a prefix of it when long). */
  public void prompted(String prompt) {
    this.prompt = clip(prompt, PROMPT_CHARS);
  }

  /** The call's last user message, or null. */
  public String getPrompt() {
    return prompt;
  }

  /** Records a failed stream's error type. */
  public void failedWith(String errorType) {
    this.errorType = clip(errorType, ERROR_TYPE_COLUMN);
  }

  /** A failed stream's error type, or null. */
  public String getErrorType() {
    return errorType;
  }

  /** The failed attempts' stored form, or null. */
  public String getAttempts() {
    return attempts;
  }

  /** Records when the stream's chunks arrived ({@link ChunkTimings#encode}). */
  public void timed(String chunkTimings) {
    this.chunkTimings = chunkTimings;
  }

  /** The chunks' timings in their stored form, or null. */
  public String getChunkTimings() {
    return chunkTimings;
  }

  /** The API the caller spoke ({@code api}, {@code openai}, {@code anthropic}); null: the agent. */
  public String getClient() {
    return client;
  }

  /** The id of the API key the stream came with; null without one. */
  public String getApiKeyId() {
    return apiKeyId;
  }

  /** The cluster instance the stream ran on (null on a single node). */
  public String getInstance() {
    return instance;
  }

  /**
   * Records the end of the stream: its status, content and metrics, and the tokens and cost it used
   * (as far as reported, for a cancelled or failed stream; {@code costUsd} null when unknown).
   */
  public void finish(
      String status,
      String content,
      int chunks,
      Integer inputTokens,
      Integer outputTokens,
      Integer cachedInputTokens,
      int tokensUsed,
      BigDecimal costUsd,
      Long ttftMs,
      Long durationMs,
      String finishReason,
      String error,
      long finishedAt) {
    this.status = status;
    this.content = content;
    this.chunks = chunks;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.cachedInputTokens = cachedInputTokens;
    this.tokensUsed = tokensUsed;
    this.costUsd = costUsd;
    this.ttftMs = ttftMs;
    this.durationMs = durationMs;
    this.finishReason = finishReason;
    this.error = error;
    this.finishedAt = finishedAt;
  }

  /** When the content of a live stream was last saved (null: never, or not live). */
  public Long getCheckpointedAt() {
    return checkpointedAt;
  }

  public String getRequestId() {
    return requestId;
  }

  public String getGoalId() {
    return goalId;
  }

  public String getWorkItemId() {
    return workItemId;
  }

  public String getRunId() {
    return runId;
  }

  public String getModel() {
    return model;
  }

  public String getProvider() {
    return provider;
  }

  public String getStatus() {
    return status;
  }

  public String getContent() {
    return content;
  }

  public int getChunks() {
    return chunks;
  }

  public Integer getInputTokens() {
    return inputTokens;
  }

  public Integer getOutputTokens() {
    return outputTokens;
  }

  public int getTokensUsed() {
    return tokensUsed;
  }

  /** Input tokens read from the provider's cache (null: not reported). */
  public Integer getCachedInputTokens() {
    return cachedInputTokens;
  }

  /** What the stream cost in USD (null: unknown). */
  public BigDecimal getCostUsd() {
    return costUsd;
  }

  public Long getTtftMs() {
    return ttftMs;
  }

  public Long getDurationMs() {
    return durationMs;
  }

  public String getFinishReason() {
    return finishReason;
  }

  public String getError() {
    return error;
  }

  public long getStartedAt() {
    return startedAt;
  }

  public Long getFinishedAt() {
    return finishedAt;
  }
}
