package io.ponybunny.llm;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running LLM call: its request id, its eventual result, and the handle that cancels it.
 * Cancelling closes the upstream connection; a streaming call then ends with finish reason {@code
 * cancelled}.
 */
public final class LlmCall {

  private final String requestId;
  private final String model;
  private final CompletableFuture<LlmResponse> result = new CompletableFuture<>();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicReference<Closeable> upstream = new AtomicReference<>();

  LlmCall(String requestId, String model) {
    this.requestId = requestId;
    this.model = model;
  }

  public String requestId() {
    return requestId;
  }

  /** The model as requested (e.g. {@code sim/sim-default}). */
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
    if (cancelled.compareAndSet(false, true)) {
      closeUpstream();
    }
  }

  public boolean isCancelled() {
    return cancelled.get();
  }

  void attachUpstream(Closeable closeable) {
    upstream.set(closeable);
    if (cancelled.get()) {
      closeUpstream();
    }
  }

  private void closeUpstream() {
    Closeable c = upstream.getAndSet(null);
    if (c != null) {
      try {
        c.close();
      } catch (IOException | RuntimeException ignored) {
        // the connection is gone either way
      }
    }
  }

  void complete(LlmResponse response) {
    result.complete(response);
  }

  void fail(Throwable error) {
    result.completeExceptionally(error);
  }
}
