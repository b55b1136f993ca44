package io.ponybunny.llm.call;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.routing.Route;
import java.util.List;

/**
 * Watches LLM calls from outside the call path (telemetry): told when a call starts, when each of
 * its attempts begins, when each text chunk goes out and how the call ends. {@link ProviderManager}
 * asks it for one {@link Watch} per call; an observer changes nothing about the call, and a watch
 * that throws is the observer's bug.
 */
public interface CallObserver {

  /** Watches nothing. */
  CallObserver NONE = call -> Watch.NONE;

  /**
   * A call is starting, on the caller's thread (a tracing observer takes that thread's context as
   * the parent of the call's span); returns what watches this one call.
   */
  Watch start(CallStart call);

  /**
   * A call as it starts.
   *
   * @param requestId the call's request id
   * @param model the model reference as requested ({@code medium}, {@code sim/fast}, ...)
   * @param routes where the call may go, in the order they are tried (never empty)
   * @param messages the conversation sent
   * @param options how the call runs
   */
  record CallStart(
      String requestId,
      String model,
      List<Route> routes,
      List<ChatMessage> messages,
      LlmCompletionOptions options) {}

  /**
   * Watches one call. {@link #attempt} and {@link #chunk} are called on the thread that runs the
   * call, in order; {@link #end} once, when the call's result completes.
   */
  interface Watch {

    /** Watches nothing. */
    Watch NONE = new Watch() {};

    /**
     * The call's work, to run on the stream executor as part of the call (a tracing watch makes the
     * call's span current there).
     */
    default Runnable around(Runnable work) {
      return work;
    }

    /** An attempt on {@code route} begins: the first, a retry or a fallback. */
    default void attempt(Route route) {}

    /** A text chunk went out to the caller (streaming calls). */
    default void chunk() {}

    /** The call ended with {@code response}, or with {@code error} (then response is null). */
    default void end(LlmResponse response, Throwable error) {}
  }
}
