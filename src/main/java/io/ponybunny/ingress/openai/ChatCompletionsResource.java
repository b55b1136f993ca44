package io.ponybunny.ingress.openai;

import io.ponybunny.ingress.ClientApi;
import io.ponybunny.ingress.IngressCalls;
import io.ponybunny.ingress.IngressHeaders;
import io.ponybunny.ingress.IngressStream;
import io.ponybunny.ingress.SseStreaming;
import io.ponybunny.security.Role;
import io.ponybunny.web.rest.BodyLimit;
import io.ponybunny.web.rest.CompletionLimits;
import io.ponybunny.web.rest.RequestQuota;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.config.Config;

/**
 * {@code POST /v1/chat/completions}: OpenAI's Chat Completions API over PonyBunny's routing. Every
 * call streams inside PonyBunny (live on the console, recorded in history, on the goal channel
 * named by {@code X-PonyBunny-Goal-Id}); the client gets {@code chat.completion.chunk} events when
 * it asked to stream, else the whole {@code chat.completion} when the call ends. Errors come in
 * OpenAI's envelope with OpenAI's statuses (the ingress error filter). Application-scoped: it holds
 * no state of a request (findings 13).
 */
@Path("/chat/completions")
@ApplicationScoped
public class ChatCompletionsResource {

  @Inject IngressCalls calls;
  @Inject Config config;

  private CompletionLimits limits;

  @PostConstruct
  void readLimits() {
    limits = CompletionLimits.fromConfig(config); // once: this resource lives with the application
  }

  @POST
  @RequestQuota
  @BodyLimit(completions = true)
  @RolesAllowed(Role.OPERATOR_NAME)
  @Consumes(MediaType.APPLICATION_JSON)
  public void create(
      JsonValue body,
      @HeaderParam(IngressHeaders.GOAL_ID) String goalId,
      @Suspended AsyncResponse async) {
    ChatCompletionRequest request = ChatCompletionRequest.from(body, limits);
    IngressStream stream = calls.start(ClientApi.OPENAI, request.llmRequest(), goalId);
    String requestId = stream.call().requestId();
    ChatCompletionIds ids = new ChatCompletionIds(requestId);
    long created = Instant.now().getEpochSecond();
    SseStreaming.answer(
        stream,
        request.stream()
            ? new ChatCompletionChunks(ids, created, request.model(), request.includeUsage())
            : null,
        response -> ChatCompletionBody.of(ids, created, request.model(), response),
        async);
  }
}
