package io.ponybunny.web.rest;

import io.ponybunny.broadcast.BroadcastConfig;
import io.ponybunny.cluster.CancelNotice;
import io.ponybunny.cluster.ClusterConfig;
import io.ponybunny.cluster.ControlNotices;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.event.StreamOrigin;
import io.ponybunny.history.StreamHistory;
import io.ponybunny.history.StreamRecordEntity;
import io.ponybunny.history.StreamStatus;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.api.UnknownModelException;
import io.ponybunny.llm.call.LlmCall;
import io.ponybunny.llm.call.ProviderManager;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.security.ChannelOwners;
import io.ponybunny.security.CurrentIdentity;
import io.ponybunny.security.Identity;
import io.ponybunny.security.Role;
import io.ponybunny.web.sse.CallEvents;
import io.ponybunny.web.sse.SseHeartbeats;
import io.ponybunny.web.sse.SseOutput;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /api/completions}: runs one LLM call. With {@code "stream": true} the response
 * streams live as {@code llm.stream.*} events on {@code /ws/goals/{goalId}} and {@code
 * /ws/streams}; the HTTP answer is the accumulated result once the stream ends, or, when the client
 * accepts {@code text/event-stream}, the call's events themselves as they happen.
 * Application-scoped, as are the ingress's completion resources: it holds no state of a request,
 * and building a request-scoped one with its injections was ~0.2 ms of every stream's time to first
 * token (findings 13).
 */
@Path("/completions")
@ApplicationScoped
public class CompletionResource {

  @Inject ProviderManager providers;
  @Inject StreamHistory streams;
  @Inject ClusterConfig cluster;
  @Inject ControlNotices notices;
  @Inject CurrentIdentity current;
  @Inject ChannelOwners owners;
  @Inject Config config;
  @Inject BroadcastConfig broadcastConfig;
  @Inject SseHeartbeats heartbeats;

  private CompletionLimits limits;

  @PostConstruct
  void readLimits() {
    limits = CompletionLimits.fromConfig(config); // once: this resource lives with the application
  }

  @POST
  @RequestQuota
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Run a chat completion",
      description =
          "Runs the completion; when stream is true its tokens are broadcast live on the goal's"
              + " WebSocket channel. Answers with the accumulated result when the stream ends;"
              + " with Accept: text/event-stream, with the call's llm.stream.* events as"
              + " server-sent events as they happen (event: the name, data: the payload).")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CompletionRequest.class)))
  @APIResponse(responseCode = "200", description = "The completed response")
  @APIResponse(
      responseCode = "400",
      description =
          "Invalid request, a limit exceeded or an unknown model (problem JSON naming the field)")
  @APIResponse(responseCode = "413", description = "The body is too large (problem JSON)")
  @APIResponse(
      responseCode = "403",
      description = "The caller is no operator, or goalId is another principal's (problem JSON)")
  @APIResponse(
      responseCode = "429",
      description = "A quota of the caller or its API key is used up (problem JSON, Retry-After)")
  @APIResponse(responseCode = "502", description = "The provider failed (problem JSON)")
  @APIResponse(
      responseCode = "503",
      description = "The server runs its most upstream streams (problem JSON, Retry-After)")
  @RolesAllowed(Role.OPERATOR_NAME)
  @BodyLimit(completions = true)
  public void complete(JsonValue body, @Suspended AsyncResponse async) {
    CompletionRequest request = CompletionRequest.from(body, limits);
    LlmCall call = start(request, request.stream(), null);
    call.result()
        .whenComplete(
            (response, error) -> {
              if (error == null) {
                async.resume(Response.ok(toJson(call, response).toString()).build());
              } else {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                if (cause instanceof ProviderException pe) {
                  async.resume(ProblemMappers.ProviderFailure.problem(pe, call.requestId()));
                } else {
                  async.resume(cause);
                }
              }
            });
  }

  /**
   * {@code POST /api/completions} with {@code Accept: text/event-stream}: the same request, checks
   * and refusals (problem JSON, before the stream starts), then the call's own {@code llm.stream.*}
   * events as server-sent events as they happen ({@link CallEvents}; the call streams whatever
   * {@code stream} says). The answer ends after the terminal event; a client that leaves cancels
   * the call. JSON stays the answer unless the client asks for events ({@code qs}).
   */
  @POST
  @RequestQuota
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.SERVER_SENT_EVENTS + ";qs=0.5")
  @Operation(hidden = true)
  @RolesAllowed(Role.OPERATOR_NAME)
  @BodyLimit(completions = true)
  public void completeAsEvents(JsonValue body, @Context SseEventSink sink, @Context Sse sse) {
    CompletionRequest request = CompletionRequest.from(body, limits);
    SseOutput out = new SseOutput(sink, sse);
    CallEvents events = new CallEvents(out, broadcastConfig.senders().maxQueuedChars());
    LlmCall call = start(request, true, events);
    events.cancelsOnLeave(call::cancel);
    heartbeats.watch(out);
  }

  /**
   * Starts the call {@code request} asks for, as the caller: refuses another principal's channel
   * (403) and an unknown model (400) before anything runs; {@code onEvent} (or null) gets the
   * call's events.
   */
  private LlmCall start(CompletionRequest request, boolean stream, Consumer<StreamEvent> onEvent) {
    Identity caller = current.get();
    if (request.goalId() != null && !owners.mayUse(caller, request.goalId())) {
      throw new ApiException(
          403, "The goalId '" + request.goalId() + "' is a channel of another principal.");
    }
    LlmCompletionOptions options =
        LlmCompletionOptions.builder().stream(stream)
            .onEvent(onEvent)
            .origin(new StreamOrigin(request.goalId(), request.workItemId(), request.runId()))
            .owner(caller.name())
            .client("api")
            .apiKeyId(caller.via() == Identity.Via.KEY ? caller.credentialId() : null)
            .maxTokens(request.maxTokens())
            .temperature(request.temperature())
            .firstTokenTimeout(millis(request.firstTokenTimeoutMs()))
            .idleTimeout(millis(request.idleTimeoutMs()))
            .build();
    try {
      return providers.call(request.model(), request.messages(), options);
    } catch (UnknownModelException e) {
      throw new InvalidFieldsException(400, List.of(new FieldError("model", e.getMessage())));
    }
  }

  @DELETE
  @Path("/{requestId}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Cancel a running completion",
      description =
          "Closes the upstream connection; a streamed completion then ends with finishReason"
              + " 'cancelled', keeping the text and usage so far.")
  @APIResponse(responseCode = "202", description = "Cancellation started")
  @APIResponse(responseCode = "404", description = "No running completion with that id")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response cancel(@PathParam("requestId") String requestId) {
    Identity caller = current.get();
    boolean here = providers.find(requestId).filter(c -> caller.mayAccess(c.owner())).isPresent();
    if (here ? !providers.cancel(requestId) : !cancelElsewhere(requestId, caller)) {
      throw new ApiException(404, "No running completion '" + requestId + "'.");
    }
    return Response.accepted(
            JsonSupport.objectBuilder()
                .add("requestId", requestId)
                .add("cancelled", true)
                .build()
                .toString())
        .build();
  }

  /**
   * Cluster mode: a completion streaming on another instance (its record says so) is cancelled by a
   * notice to every instance; the one running it stops it within a round trip.
   */
  private static final long RECORD_WAIT_NANOS = 2_000_000_000L;

  private boolean cancelElsewhere(String requestId, Identity caller) {
    if (!cluster.enabled()) {
      return false;
    }
    // The record is written when the stream's start goes out, just after its first chunk: a
    // cancel arriving here at once may look before it exists, so it looks again for a moment.
    long deadline = System.nanoTime() + RECORD_WAIT_NANOS;
    Optional<StreamRecordEntity> record = streams.find(requestId);
    while (record.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      record = streams.find(requestId);
    }
    boolean streaming =
        record
            .filter(r -> StreamStatus.STREAMING.wireName().equals(r.getStatus()))
            .filter(r -> caller.mayAccess(r.getOwner()))
            .isPresent();
    if (streaming) {
      notices.send(new CancelNotice(CancelNotice.Kind.CALL, requestId));
    }
    return streaming;
  }

  private static Duration millis(Integer ms) {
    return ms == null ? null : Duration.ofMillis(ms);
  }

  static JsonObject toJson(LlmCall call, LlmResponse r) {
    JsonArrayBuilder tools = JsonSupport.arrayBuilder();
    for (ToolCall t : r.toolCalls()) {
      JsonObjectBuilder tb = JsonSupport.objectBuilder().add("name", t.name());
      if (t.id() != null) {
        tb.add("id", t.id());
      }
      if (t.arguments() != null) {
        tb.add("arguments", t.arguments());
      } else {
        tb.add("partialArguments", t.rawArguments());
      }
      tools.add(tb);
    }
    JsonObjectBuilder b =
        JsonSupport.objectBuilder()
            .add("requestId", call.requestId())
            .add("model", call.model())
            .add("content", r.text())
            .add("finishReason", r.finishReason().wireName())
            .add("tokensUsed", r.usage().total())
            .add("toolCalls", tools);
    if (r.reasoning() != null && !r.reasoning().isEmpty()) {
      b.add("reasoning", r.reasoning());
    }
    if (r.rawFinishReason() != null) {
      b.add("rawFinishReason", r.rawFinishReason());
    }
    if (r.usage().inputTokens() != null) {
      b.add("inputTokens", r.usage().inputTokens());
    }
    if (r.usage().outputTokens() != null) {
      b.add("outputTokens", r.usage().outputTokens());
    }
    if (r.usage().cachedInputTokens() != null) {
      b.add("cachedInputTokens", r.usage().cachedInputTokens());
    }
    if (call.spent().costUsd() != null) {
      b.add("costUsd", call.spent().costUsd());
    }
    return b.build();
  }
}
