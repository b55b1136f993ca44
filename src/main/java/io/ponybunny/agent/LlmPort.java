package io.ponybunny.agent;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * How the agent starts LLM calls: the provider manager in production ({@link ProviderLlmPort}), a
 * scripted model in unit tests.
 */
public interface LlmPort {

  /** Starts a call; throws {@code UnknownModelException} when the model has no route. */
  Handle start(String model, List<ChatMessage> messages, LlmCompletionOptions options);

  /** A running call. */
  interface Handle {
    /** The call's request id (the id of its stream record). */
    String requestId();

    /** Completes with the response (finish reason {@code cancelled} after {@link #cancel()}). */
    CompletionStage<LlmResponse> result();

    /** Stops the call; idempotent. */
    void cancel();
  }
}
