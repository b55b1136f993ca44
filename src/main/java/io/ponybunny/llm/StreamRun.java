package io.ponybunny.llm;

import io.ponybunny.stream.StreamEvent;
import io.ponybunny.stream.StreamEventPublisher;
import java.util.function.Consumer;

/**
 * The event side of one streaming call: turns parsed {@link StreamChunk}s into {@code llm.stream.*}
 * events with a gapless chunk index, accumulates the response, and guarantees exactly one terminal
 * event.
 */
final class StreamRun implements Consumer<StreamChunk> {

  private final LlmCall call;
  private final Route route;
  private final LlmCompletionOptions options;
  private final StreamEventPublisher publisher;
  private final ResponseAccumulator accumulator = new ResponseAccumulator();
  private final long startNanos = System.nanoTime();
  private long firstTokenNanos;
  private int index;
  private boolean ended;

  StreamRun(
      LlmCall call, Route route, LlmCompletionOptions options, StreamEventPublisher publisher) {
    this.call = call;
    this.route = route;
    this.options = options;
    this.publisher = publisher;
  }

  void start() {
    publisher.publish(
        new StreamEvent.Start(
            call.requestId(),
            options.goalId(),
            options.workItemId(),
            options.runId(),
            call.model(),
            route.target().id(),
            System.currentTimeMillis()));
  }

  @Override
  public void accept(StreamChunk chunk) {
    accumulator.accept(chunk);
    if (chunk instanceof StreamChunk.TextDelta t && !t.text().isEmpty()) {
      if (firstTokenNanos == 0) {
        firstTokenNanos = System.nanoTime();
      }
      int i = index++;
      publisher.publish(
          new StreamEvent.Chunk(
              call.requestId(), options.goalId(), t.text(), i, System.currentTimeMillis()));
      if (options.onChunk() != null) {
        options.onChunk().onChunk(t.text(), i);
      }
    }
  }

  /** Ends the stream from what was parsed: an end event, or an error event and an exception. */
  LlmResponse finish() {
    LlmResponse response = accumulator.result();
    if (response.error() != null) {
      StreamChunk.ProviderError e = response.error();
      throw fail(toException(e));
    }
    end(response, response.finishReason().wireName());
    return response;
  }

  private ProviderException toException(StreamChunk.ProviderError e) {
    String message = (index > 0 ? "stream cut after " + index + " chunks: " : "") + e.message();
    boolean retryable =
        e.status() > 0
            ? ProviderErrors.isRetryableStatus(e.status())
            : "incomplete_stream".equals(e.type());
    return retryable
        ? new RetryableProviderException(
            route.target().id(), e.status(), e.type(), message, null, null)
        : new NonRetryableProviderException(
            route.target().id(), e.status(), e.type(), message, null);
  }

  /** Ends a cancelled stream with finish reason {@code cancelled}, keeping usage seen so far. */
  LlmResponse cancelled() {
    LlmResponse partial = accumulator.result();
    LlmResponse response =
        new LlmResponse(
            partial.text(),
            partial.reasoning(),
            partial.toolCalls(),
            partial.usage(),
            FinishReason.CANCELLED,
            partial.rawFinishReason(),
            null);
    end(response, FinishReason.CANCELLED.wireName());
    return response;
  }

  /** Emits the error event (once) and returns the exception to throw. */
  ProviderException fail(Throwable cause) {
    ProviderException error =
        cause instanceof ProviderException pe
            ? pe
            : new RetryableProviderException(
                route.target().id(),
                0,
                "stream_broken",
                (index > 0 ? "stream cut after " + index + " chunks: " : "")
                    + ProviderManager.rootMessage(cause),
                null,
                cause);
    if (!ended) {
      ended = true;
      publisher.publish(
          new StreamEvent.Error(
              call.requestId(), options.goalId(), error.describe(), System.currentTimeMillis()));
    }
    return error;
  }

  private void end(LlmResponse response, String finishReason) {
    if (ended) {
      return;
    }
    ended = true;
    long now = System.nanoTime();
    publisher.publish(
        new StreamEvent.End(
            call.requestId(),
            options.goalId(),
            index,
            response.usage().total(),
            finishReason,
            response.usage().inputTokens(),
            response.usage().outputTokens(),
            firstTokenNanos == 0 ? null : (firstTokenNanos - startNanos) / 1_000_000,
            (now - startNanos) / 1_000_000,
            System.currentTimeMillis()));
  }
}
