package io.ponybunny.ingress.anthropic;

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
import org.eclipse.microprofile.config.Config;

/**
 * {@code POST /v1/messages}: Anthropic's Messages API over PonyBunny's routing. The call always
 * runs as a stream (live on the console, recorded in history); with {@code "stream": true} the
 * client gets Anthropic's event stream as the output comes ({@link MessageStreamEncoder}), else the
 * whole {@code message} once the call ends ({@link MessageJson}). Errors take Anthropic's envelope
 * ({@link io.ponybunny.ingress.IngressErrorFilter}). Application-scoped: it holds no state of a
 * request (findings 13).
 */
@Path("/messages")
@ApplicationScoped
public class MessagesResource {

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
    MessagesRequest request = MessagesRequest.from(body, limits);
    IngressStream stream = calls.start(ClientApi.ANTHROPIC, request.toLlmRequest(), goalId);
    String requestId = stream.call().requestId();
    SseStreaming.answer(
        stream,
        request.stream() ? new MessageStreamEncoder(requestId, request.model()) : null,
        response -> MessageJson.message(requestId, request.model(), response).toString(),
        async);
  }
}
