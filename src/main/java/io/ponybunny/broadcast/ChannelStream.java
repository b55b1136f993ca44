package io.ponybunny.broadcast;

import io.ponybunny.client.StreamAttempt;
import java.math.BigDecimal;
import java.util.List;

/**
 * What one channel has broadcast of one stream: descriptive fields (among them who called, as its
 * start named them, and the cluster instance that runs it, null on a single node), the content so
 * far, the next chunk index and metrics, for snapshots. Mutated only under the channel's lock.
 */
final class ChannelStream {

  final String requestId;
  String goalId;
  String workItemId;
  String runId;
  String model;
  String provider;
  String instance;
  String owner;
  String client;
  String apiKeyId;
  String status = "streaming";
  final GrowingText content = new GrowingText();
  int nextIndex;
  long startedAt;
  Long firstChunkAt;
  Long ttftMs;
  Long durationMs;
  Integer inputTokens;
  Integer outputTokens;
  Integer tokensUsed;
  Integer cachedInputTokens;
  BigDecimal costUsd;
  String finishReason;
  String error;
  boolean truncated;
  List<StreamAttempt> attempts = List.of();

  ChannelStream(String requestId, String goalId, long startedAt) {
    this.requestId = requestId;
    this.goalId = goalId;
    this.startedAt = startedAt;
  }

  boolean active() {
    return "streaming".equals(status);
  }

  /**
   * What a snapshot needs of this stream, copied in O(1) (the content is captured, not copied), so
   * the channel can serialize it after releasing its lock.
   */
  StreamView view() {
    return new StreamView(
        requestId,
        goalId,
        workItemId,
        runId,
        model,
        provider,
        instance,
        owner,
        client,
        apiKeyId,
        status,
        content.prefix(),
        nextIndex,
        startedAt,
        ttftMs != null ? ttftMs : firstChunkAt == null ? null : firstChunkAt - startedAt,
        durationMs,
        inputTokens,
        outputTokens,
        tokensUsed,
        cachedInputTokens,
        costUsd,
        finishReason,
        error,
        truncated,
        attempts);
  }
}
