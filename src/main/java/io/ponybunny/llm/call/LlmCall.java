package io.ponybunny.llm.call;

import io.ponybunny.cost.Spend;
import io.ponybunny.llm.api.LlmResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A running LLM call: its request id, its eventual result, and the handle that cancels it.
 * Cancelling closes the upstream connection at once; a streaming call then ends with finish reason
 * {@code cancelled}, keeping the text and usage seen so far.
 */
public final class LlmCall {

  private final String requestId;
  private final String model;
  private final String owner;
  private final CallObserver.Watch watch;
  private final CompletableFuture<LlmResponse> result = new CompletableFuture<>();
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private volatile Upstream upstream;
  private volatile Spend spent = Spend.NONE;

  LlmCall(String requestId, String model, String owner) {
    this(requestId, model, owner, CallObserver.Watch.NONE);
  }

  /** A call whose progress {@code watch} observes (telemetry). */
  LlmCall(String requestId, String model, String owner, CallObserver.Watch watch) {
    this.requestId = requestId;
    this.model = model;
    this.owner = owner;
    this.watch = watch;
  }

  /** The principal the call acts for, or null. */
  public String owner() {
    return owner;
  }

  public String requestId() {
    return requestId;
  }

  /** The model as requested (e.g. {@code sim/sim-default} or {@code medium}). */
  public String model() {
    return model;
  }

  /** Completes with the response, or exceptionally with a {@link ProviderException}. */
  public CompletionStage<LlmResponse> result() {
    return result;
  }

  /** Waits for the result; throws the {@link ProviderException} that ended the call. */
  public LlmResponse await() {
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  /** Stops the call: closes the upstream connection. Idempotent. */
  public void cancel() {
    if (cancelled.getCount() > 0) {
      cancelled.countDown();
      Upstream u = upstream;
      if (u != null) {
        u.abort();
      }
    }
  }

  public boolean isCancelled() {
    return cancelled.getCount() == 0;
  }

  public boolean isDone() {
    return result.isDone();
  }

  /** What observes this call (its attempts and chunks). */
  CallObserver.Watch watch() {
    return watch;
  }

  /** Starts a new attempt's connection; it is aborted at once if the call was cancelled. */
  Upstream newUpstream() {
    Upstream u = new Upstream();
    upstream = u;
    if (isCancelled()) {
      u.abort();
    }
    return u;
  }

  /** Waits {@code delay} unless cancelled first; true when the full delay passed. */
  boolean pause(Duration delay) {
    try {
      return !cancelled.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * What the call used: the tokens of the attempt that served it (of the last attempt, for a call
   * that failed; as far as reported, for a cancelled one) and their cost. Set before the result
   * completes, so a {@link #result()} stage sees it.
   */
  public Spend spent() {
    return spent;
  }

  void spent(Spend spend) {
    spent = spend;
  }

  void complete(LlmResponse response) {
    result.complete(response);
  }

  void fail(Throwable error) {
    result.completeExceptionally(error);
  }
}
