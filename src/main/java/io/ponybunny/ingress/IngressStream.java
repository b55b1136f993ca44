package io.ponybunny.ingress;

import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.NonRetryableProviderException;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.call.LlmCall;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One ingress call's output on its way to the client: the call's committed deltas in stream order,
 * then exactly one {@link Item.Done} or {@link Item.Failed}. The call's reader thread only adds to
 * the queue and never waits for the client: what waits is one call's output, which ends with the
 * call ({@code ponybunny.stream.max-duration-seconds} at the most).
 */
public final class IngressStream {

  /** What the client gets next. */
  public sealed interface Item {
    /** A piece of output: text, reasoning or a tool-call fragment. */
    record Delta(StreamChunk chunk) implements Item {}

    /** The call ended normally (finish reason, usage, the whole response). */
    record Done(LlmResponse response) implements Item {}

    /** The call failed. */
    record Failed(ProviderException error) implements Item {}
  }

  private final LinkedBlockingQueue<Item> items = new LinkedBlockingQueue<>();
  private volatile LlmCall call;

  /** The listener to give the call as {@code onDelta}. */
  public Consumer<StreamChunk> listener() {
    return chunk -> items.add(new Item.Delta(chunk));
  }

  /** Follows {@code started}'s end; call once, right after starting it with {@link #listener()}. */
  public void follow(LlmCall started) {
    this.call = started;
    started
        .result()
        .whenComplete(
            (response, error) ->
                items.add(
                    error == null ? new Item.Done(response) : new Item.Failed(failure(error))));
  }

  /** The call (its request id names the stream). */
  public LlmCall call() {
    return call;
  }

  /** The next item, or null when none came within {@code wait}. */
  public Item next(Duration wait) throws InterruptedException {
    return items.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stops the call (the client left); the stream then ends {@code cancelled}. */
  public void cancel() {
    LlmCall c = call;
    if (c != null) {
      c.cancel();
    }
  }

  private ProviderException failure(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ProviderException pe) {
      return pe;
    }
    return new NonRetryableProviderException(
        null, 0, "internal_error", cause.getClass().getSimpleName(), cause);
  }
}
