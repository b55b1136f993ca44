package io.ponybunny.agent;

import io.ponybunny.history.StreamRecorder;
import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.call.LlmCall;
import io.ponybunny.llm.call.ProviderManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The agent's LLM calls through the {@link ProviderManager}. A call's result completes once its
 * stream record is final too, so a goal that finished always has its history written.
 */
@ApplicationScoped
public class ProviderLlmPort implements LlmPort {

  private static final long RECORD_WAIT_MS = 5_000;

  @Inject ProviderManager providers;
  @Inject StreamRecorder recorder;

  @Override
  public Handle start(String model, List<ChatMessage> messages, LlmCompletionOptions options) {
    LlmCall call = providers.call(model, messages, options);
    CompletableFuture<LlmResponse> recorded = new CompletableFuture<>();
    call.result()
        .whenComplete(
            (response, error) -> {
              if (options.stream()) {
                recorder.awaitRecorded(call.requestId(), RECORD_WAIT_MS);
              }
              if (error != null) {
                recorded.completeExceptionally(error);
              } else {
                recorded.complete(response);
              }
            });
    return new Handle() {
      @Override
      public String requestId() {
        return call.requestId();
      }

      @Override
      public CompletionStage<LlmResponse> result() {
        return recorded;
      }

      @Override
      public void cancel() {
        call.cancel();
      }
    };
  }
}
