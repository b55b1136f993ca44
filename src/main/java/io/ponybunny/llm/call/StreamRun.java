package io.ponybunny.llm.call;

import io.ponybunny.client.StreamAttempt;
import io.ponybunny.cost.Pricing;
import io.ponybunny.cost.Spend;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.event.StreamEventPublisher;
import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.NonRetryableProviderException;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.routing.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The event side of one streaming call across all its attempts: emits {@code llm.stream.start}
 * once, naming the endpoint that actually serves the stream (so it goes out with the first chunk,
 * or with the end when no text came) and the cluster instance that runs it, one {@code
 * llm.stream.chunk} per text delta with a gapless index, and exactly one {@code llm.stream.end} or
 * {@code llm.stream.error}. Each attempt parses into a fresh accumulator; attempts before the first
 * chunk leave no trace, and once a chunk went out nothing is replayed. The terminal event carries
 * the usage of the attempt that served (or last tried) the stream, as far as the provider reported
 * it (also when cancelled or failed), and its cost at that route's price; the call keeps the same
 * {@link Spend} for its quotas.
 */
final class StreamRun implements Consumer<StreamChunk> {

  private final LlmCall call;
  private final LlmCompletionOptions options;
  private final StreamEventPublisher publisher;
  private final String instance;
  private final Pricing pricing;
  private final String prompt;
  private final long startNanos = System.nanoTime();
  private final long startMillis = System.currentTimeMillis();
  private String provider;
  private Route route;
  private boolean started;
  private ResponseAccumulator accumulator = new ResponseAccumulator();
  private StreamWatchdog.Watch watch;
  private long firstTokenNanos;
  private int index;
  private boolean committed;
  private boolean ended;
  private final List<StreamAttempt> attempts = new ArrayList<>();

  /** Most failed attempts a start names (routes × retries stay far below it). */
  static final int MAX_ATTEMPTS = 32;

  /**
   * {@code instance} is the cluster instance named by the start event (null on a single node);
   * {@code pricing} costs the usage of the route that serves the stream; {@code prompt} (the last
   * user message, or null) goes to the history record with the start, never on the wire.
   */
  StreamRun(
      LlmCall call,
      LlmCompletionOptions options,
      StreamEventPublisher publisher,
      String instance,
      Pricing pricing,
      Route first,
      String prompt) {
    this.call = call;
    this.prompt = prompt;
    this.options = options;
    this.publisher = publisher;
    this.instance = instance;
    this.pricing = pricing;
    this.route = first;
    this.provider = first.endpoint().id();
  }

  /**
   * Emits {@code llm.stream.start} once, naming the endpoint that serves the stream: the one whose
   * attempt sends the first chunk, else (a stream that ends without text) the one tried last.
   */
  private void started() {
    if (started) {
      return;
    }
    started = true;
    publish(
        StreamEvent.Start.of(
            call.requestId(),
            options.origin(),
            call.model(),
            provider,
            options.owner(),
            options.client(),
            options.apiKeyId(),
            instance,
            startMillis,
            attempts,
            prompt));
  }

  /**
   * Publishes {@code event} to every observer, then hands it to the caller's {@code onEvent}, if it
   * listens: both see the same record, in the same order.
   */
  private void publish(StreamEvent event) {
    publisher.publish(event);
    if (options.onEvent() != null) {
      options.onEvent().accept(event);
    }
  }

  /** A new attempt on {@code route} begins: nothing parsed by an earlier attempt counts. */
  void beginAttempt(Route route, StreamWatchdog.Watch attemptWatch) {
    accumulator = new ResponseAccumulator();
    watch = attemptWatch;
    if (index == 0) {
      this.route = route;
      provider = route.endpoint().id();
    }
  }

  /**
   * The attempt on {@code route} failed with {@code error} before any output: the start will name
   * it. Failures after the first chunk end the stream instead.
   */
  void attemptFailed(Route route, ProviderException error) {
    Duration retryAfter = error instanceof RetryableProviderException r ? r.retryAfter() : null;
    note(
        new StreamAttempt(
            route.endpoint().id(),
            sinceStart(),
            error.status() > 0 ? error.status() : null,
            error.errorType() == null ? "error" : error.errorType(),
            retryAfter == null ? null : retryAfter.toMillis(),
            null));
  }

  /** {@code route} was not tried ({@code reason}, e.g. its circuit is open). */
  void skipped(Route route, String reason) {
    note(new StreamAttempt(route.endpoint().id(), sinceStart(), null, reason, null, null));
  }

  /** The call waits {@code delay} before its next attempt: the last failed attempt's wait. */
  void waiting(Duration delay) {
    if (!attempts.isEmpty() && !started) {
      int last = attempts.size() - 1;
      attempts.set(last, attempts.get(last).waited(delay.toMillis()));
    }
  }

  private void note(StreamAttempt attempt) {
    if (!started && index == 0 && attempts.size() < MAX_ATTEMPTS) {
      attempts.add(attempt);
    }
  }

  private long sinceStart() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /**
   * Whether output went out: a text chunk, or a reasoning or tool-call delta handed to the caller's
   * {@code onDelta}. A committed call is never retried (the caller would see it twice).
   */
  boolean committed() {
    return committed;
  }

  @Override
  public void accept(StreamChunk chunk) {
    accumulator.accept(chunk);
    if (chunk instanceof StreamChunk.TextDelta t) {
      if (!t.text().isEmpty()) {
        if (watch != null) {
          watch.firstToken();
        }
        emitChunk(t.text());
      }
    } else if (chunk instanceof StreamChunk.ReasoningDelta r) {
      if (!r.text().isEmpty()) {
        forward(r);
      }
    } else if (chunk instanceof StreamChunk.ToolCallDelta) {
      forward(chunk);
    }
  }

  /** Hands a delta to the caller's {@code onDelta}, if it listens; that commits the call. */
  private void forward(StreamChunk delta) {
    if (options.onDelta() != null) {
      committed = true;
      options.onDelta().accept(delta);
    }
  }

  private void emitChunk(String text) {
    if (firstTokenNanos == 0) {
      firstTokenNanos = System.nanoTime();
    }
    call.watch().chunk();
    started();
    int i = index++;
    publish(
        StreamEvent.Chunk.of(
            call.requestId(), options.origin(), text, i, System.currentTimeMillis()));
    committed = true;
    if (options.onChunk() != null) {
      options.onChunk().onChunk(text, i);
    }
    forward(new StreamChunk.TextDelta(text));
  }

  /**
   * The attempt's parsed response; throws the provider error it ended with (without emitting
   * anything: the caller decides between retry and {@link #fail}).
   */
  LlmResponse attemptResult(String provider) {
    LlmResponse response = accumulator.result();
    StreamChunk.ProviderError e = response.error();
    if (e == null) {
      return response;
    }
    boolean retryable =
        e.status() > 0
            ? ProviderErrors.isRetryableStatus(e.status())
            : "incomplete_stream".equals(e.type());
    throw retryable
        ? new RetryableProviderException(provider, e.status(), e.type(), e.message(), null, null)
        : new NonRetryableProviderException(provider, e.status(), e.type(), e.message(), null);
  }

  /** Ends the stream with {@code response}'s finish reason. */
  LlmResponse complete(LlmResponse response) {
    end(response, response.finishReason().wireName());
    return response;
  }

  /**
   * Ends the stream with a response {@code route} gave without streaming: its text is one chunk.
   */
  LlmResponse completeWhole(Route route, LlmResponse response) {
    if (index == 0) {
      this.route = route;
      provider = route.endpoint().id();
    }
    if (response.reasoning() != null && !response.reasoning().isEmpty()) {
      forward(new StreamChunk.ReasoningDelta(response.reasoning()));
    }
    if (!response.text().isEmpty()) {
      emitChunk(response.text());
    }
    for (int i = 0; i < response.toolCalls().size(); i++) {
      ToolCall t = response.toolCalls().get(i);
      forward(new StreamChunk.ToolCallDelta(i, t.id(), t.name(), t.rawArguments()));
    }
    return complete(response);
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

  /**
   * Emits the one error event and returns the exception to throw. After chunks went out, the error
   * says the stream was cut; the text sent so far stays valid.
   */
  ProviderException fail(ProviderException error) {
    ProviderException result = error;
    if (index > 0 && !error.getMessage().startsWith("stream cut")) {
      String message = "stream cut after " + index + " chunks: " + error.getMessage();
      result =
          error.retryable()
              ? new RetryableProviderException(
                  error.provider(), error.status(), error.errorType(), message, null, error)
              : new NonRetryableProviderException(
                  error.provider(), error.status(), error.errorType(), message, error);
      if (error.callerCaused()) {
        result.causedByCaller();
      }
    }
    if (!ended) {
      ended = true;
      if (index == 0 && error.provider() != null) {
        provider = error.provider();
      }
      started();
      Spend spend = spent(accumulator.result());
      publish(
          StreamEvent.Error.of(
              call.requestId(),
              options.origin(),
              result.describe(),
              result.errorType(),
              spend,
              System.currentTimeMillis()));
    }
    return result;
  }

  /** The spend of {@code response} at the serving route's price, kept by the call. */
  private Spend spent(LlmResponse response) {
    Spend spend = pricing.spend(route.endpoint().id(), route.model(), response.usage());
    call.spent(spend);
    return spend;
  }

  private void end(LlmResponse response, String finishReason) {
    if (ended) {
      return;
    }
    ended = true;
    started();
    long now = System.nanoTime();
    publish(
        StreamEvent.End.of(
            call.requestId(),
            options.origin(),
            index,
            finishReason,
            spent(response),
            firstTokenNanos == 0 ? null : (firstTokenNanos - startNanos) / 1_000_000,
            (now - startNanos) / 1_000_000,
            System.currentTimeMillis()));
  }
}
