package io.ponybunny.ingress;

import io.ponybunny.event.StreamOrigin;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.UnknownModelException;
import io.ponybunny.llm.call.ProviderManager;
import io.ponybunny.security.ChannelOwners;
import io.ponybunny.security.CurrentIdentity;
import io.ponybunny.security.Identity;
import io.ponybunny.web.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Starts an ingress call for the current caller: always as a stream (so it is live on the console
 * and recorded in history, whether the client asked to stream or not), acting for the caller's
 * principal and API key (their quotas apply), marked with the API the client speaks, and on the
 * goal channel the client names in {@link IngressHeaders#GOAL_ID} if it may use that channel.
 */
@ApplicationScoped
public class IngressCalls {

  @Inject ProviderManager providers;
  @Inject CurrentIdentity current;
  @Inject ChannelOwners owners;

  /**
   * Starts {@code request}; throws {@link ApiException} 404 for a model PonyBunny does not route
   * (400 for a malformed name) and 403 for another principal's goal.
   */
  public IngressStream start(ClientApi api, LlmRequest request, String goalId) {
    Identity caller = current.get();
    String goal = goalId == null || goalId.isBlank() ? null : goalId.strip();
    if (goal != null && !owners.mayUse(caller, goal)) {
      throw new ApiException(403, "The goal '" + goal + "' is a channel of another principal.");
    }
    IngressStream stream = new IngressStream();
    LlmCompletionOptions options =
        LlmCompletionOptions.builder().stream(true)
            .onDelta(stream.listener())
            .client(api.wireName())
            .origin(new StreamOrigin(goal, null, null))
            .owner(caller.name())
            .apiKeyId(caller.via() == Identity.Via.KEY ? caller.credentialId() : null)
            .maxTokens(request.maxTokens())
            .temperature(request.temperature())
            .tools(request.tools())
            .build();
    try {
      stream.follow(providers.call(request.model(), request.messages(), options));
    } catch (io.ponybunny.llm.api.InvalidModelException e) {
      throw new ApiException(400, e.getMessage());
    } catch (UnknownModelException e) {
      throw new ApiException(404, e.getMessage());
    }
    return stream;
  }
}
