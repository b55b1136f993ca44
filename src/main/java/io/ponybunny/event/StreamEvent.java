package io.ponybunny.event;

import io.ponybunny.client.StreamAttempt;
import io.ponybunny.cost.Spend;
import io.ponybunny.llm.api.TokenUsage;
import java.math.BigDecimal;
import java.util.List;

/**
 * An {@code llm.stream.*} event, fired as a CDI async event and broadcast over WebSocket.
 *
 * <p>The record components are the wire payload: field names are the public contract (see {@code
 * docs/streaming-protocol.md}). Timestamps are epoch milliseconds. {@code goalId}, {@code
 * workItemId} and {@code runId} are null when the call belongs to no goal; the {@code of} factories
 * take them from the call's {@link StreamOrigin}.
 */
public sealed interface StreamEvent extends ChannelEvent {

  /** The request this event belongs to. */
  String requestId();

  @Override
  default String orderingKey() {
    return requestId();
  }

  @Override
  default void writeData(jakarta.json.stream.JsonGenerator generator) {
    StreamEventPayload.write(generator, this);
  }

  /**
   * {@code llm.stream.start}: sent once, before any chunk. Who called: {@code owner} is the
   * principal it runs for, {@code client} the API the caller spoke ({@code api}, {@code openai},
   * {@code anthropic}; null from the agent) and {@code apiKeyId} the id (never the secret) of the
   * API key it came with (null otherwise). {@code instance} is the cluster instance that runs it
   * (null on a single node). {@code attempts} are the attempts that failed before the one serving
   * the stream (retries and fallbacks; the start goes out with the first chunk, so they are known).
   * Null fields and an empty {@code attempts} are not on the wire. {@code prompt}, the call's last
   * user message, is never on the wire: it is for the stream's history record (search) only.
   */
  record Start(
      String requestId,
      String goalId,
      String workItemId,
      String runId,
      String model,
      String provider,
      String owner,
      String client,
      String apiKeyId,
      String instance,
      long timestamp,
      List<StreamAttempt> attempts,
      String prompt)
      implements StreamEvent {

    public Start {
      attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** A start after a first attempt that served (no failed attempts). */
    public Start(
        String requestId,
        String goalId,
        String workItemId,
        String runId,
        String model,
        String provider,
        String owner,
        String client,
        String apiKeyId,
        String instance,
        long timestamp) {
      this(
          requestId,
          goalId,
          workItemId,
          runId,
          model,
          provider,
          owner,
          client,
          apiKeyId,
          instance,
          timestamp,
          List.of(),
          null);
    }

    /** A start that names no client and no API key (the agent's calls, relayed old events). */
    public Start(
        String requestId,
        String goalId,
        String workItemId,
        String runId,
        String model,
        String provider,
        String owner,
        String instance,
        long timestamp) {
      this(
          requestId,
          goalId,
          workItemId,
          runId,
          model,
          provider,
          owner,
          null,
          null,
          instance,
          timestamp);
    }

    public static Start of(
        String requestId,
        StreamOrigin origin,
        String model,
        String provider,
        String owner,
        String client,
        String apiKeyId,
        String instance,
        long timestamp,
        List<StreamAttempt> attempts,
        String prompt) {
      return new Start(
          requestId,
          origin.goalId(),
          origin.workItemId(),
          origin.runId(),
          model,
          provider,
          owner,
          client,
          apiKeyId,
          instance,
          timestamp,
          attempts,
          prompt);
    }

    @Override
    public String eventName() {
      return "llm.stream.start";
    }
  }

  /** {@code llm.stream.chunk}: one text delta; {@code index} is 0, 1, 2, ... per request. */
  record Chunk(String requestId, String goalId, String chunk, int index, long timestamp)
      implements StreamEvent {

    public static Chunk of(
        String requestId, StreamOrigin origin, String chunk, int index, long timestamp) {
      return new Chunk(requestId, origin.goalId(), chunk, index, timestamp);
    }

    @Override
    public String eventName() {
      return "llm.stream.chunk";
    }
  }

  /**
   * {@code llm.stream.end}: the stream finished (stop, length, tool_calls, cancelled, ...). Token
   * counters are the provider's (null: never reported; {@code inputTokens} includes {@code
   * cachedInputTokens}); {@code costUsd} is what they cost at the model's configured price, null
   * when the model has no price or no usage was reported.
   */
  record End(
      String requestId,
      String goalId,
      int totalChunks,
      int tokensUsed,
      String finishReason,
      Integer inputTokens,
      Integer outputTokens,
      Long ttftMs,
      long durationMs,
      long timestamp,
      Integer cachedInputTokens,
      BigDecimal costUsd)
      implements StreamEvent {

    /** An end without cache or cost figures. */
    public End(
        String requestId,
        String goalId,
        int totalChunks,
        int tokensUsed,
        String finishReason,
        Integer inputTokens,
        Integer outputTokens,
        Long ttftMs,
        long durationMs,
        long timestamp) {
      this(
          requestId,
          goalId,
          totalChunks,
          tokensUsed,
          finishReason,
          inputTokens,
          outputTokens,
          ttftMs,
          durationMs,
          timestamp,
          null,
          null);
    }

    /** The end of a stream of {@code origin} that used {@code spend}. */
    public static End of(
        String requestId,
        StreamOrigin origin,
        int totalChunks,
        String finishReason,
        Spend spend,
        Long ttftMs,
        long durationMs,
        long timestamp) {
      TokenUsage u = spend.usage();
      return new End(
          requestId,
          origin.goalId(),
          totalChunks,
          u.total(),
          finishReason,
          u.inputTokens(),
          u.outputTokens(),
          ttftMs,
          durationMs,
          timestamp,
          u.cachedInputTokens(),
          spend.costUsd());
    }

    @Override
    public String eventName() {
      return "llm.stream.end";
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }

  /**
   * {@code llm.stream.error}: the stream failed; chunks already sent stay valid. The token counters
   * and cost are what the provider reported before the failure (null: nothing reported, or not
   * known on this instance, as for a stream of a lost instance). {@code errorType} is the failure's
   * type ({@code rate_limited}, {@code server_error}, {@code stream_broken}, ...; null when not
   * known).
   */
  record Error(
      String requestId,
      String goalId,
      String error,
      long timestamp,
      Integer inputTokens,
      Integer outputTokens,
      Integer cachedInputTokens,
      BigDecimal costUsd,
      String errorType)
      implements StreamEvent {

    /** An error without usage. */
    public Error(String requestId, String goalId, String error, long timestamp) {
      this(requestId, goalId, error, timestamp, null, null, null, null, null);
    }

    /** An error whose type is not known (relayed old events, a lost instance). */
    public Error(
        String requestId,
        String goalId,
        String error,
        long timestamp,
        Integer inputTokens,
        Integer outputTokens,
        Integer cachedInputTokens,
        BigDecimal costUsd) {
      this(
          requestId,
          goalId,
          error,
          timestamp,
          inputTokens,
          outputTokens,
          cachedInputTokens,
          costUsd,
          null);
    }

    /**
     * The failure ({@code errorType}, e.g. {@code rate_limited}) of a stream of {@code origin} that
     * used {@code spend} before it failed.
     */
    public static Error of(
        String requestId,
        StreamOrigin origin,
        String error,
        String errorType,
        Spend spend,
        long timestamp) {
      TokenUsage u = spend.usage();
      return new Error(
          requestId,
          origin.goalId(),
          error,
          timestamp,
          u.inputTokens(),
          u.outputTokens(),
          u.cachedInputTokens(),
          spend.costUsd(),
          errorType);
    }

    /** Input plus output tokens reported before the failure (missing ones count 0). */
    public int tokensUsed() {
      return (inputTokens == null ? 0 : inputTokens) + (outputTokens == null ? 0 : outputTokens);
    }

    @Override
    public String eventName() {
      return "llm.stream.error";
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }
}
