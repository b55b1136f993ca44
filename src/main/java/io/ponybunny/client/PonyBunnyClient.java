package io.ponybunny.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.InboundSseEvent;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.reactivestreams.Publisher;

/**
 * PonyBunny's goals, streams and metrics API as a typed MicroProfile REST client. Configure the
 * server with {@code ponybunny/mp-rest/url=http://host:9080} and inject it with
 * {@code @Inject @RestClient PonyBunnyClient}, or build it: {@code
 * RestClientBuilder.newBuilder().baseUri(uri).build(PonyBunnyClient.class)}. Error answers (RFC
 * 9457 problem JSON) surface as {@code WebApplicationException} with the response.
 *
 * <p>Two methods stream server-sent events as MicroProfile Rest Client does ({@code
 * org.reactivestreams.Publisher<InboundSseEvent>}, delivered as they arrive): a completion's own
 * {@code llm.stream.*} events and a goal's channel. Each event's {@code getName()} is the event
 * name, {@code readData()} its JSON payload ({@code docs/streaming-protocol.md}); cancelling the
 * subscription closes the connection (a completion's client leaving cancels the call). The server
 * sends a {@code : ping} comment when a stream is idle; some implementations hand it on as an event
 * without name and data ({@code isEmpty()}), to be skipped.
 */
@RegisterRestClient(configKey = "ponybunny")
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface PonyBunnyClient {

  /** Submits a goal; it is queued and runs in the background. */
  @POST
  @Path("/goals")
  Goal submitGoal(GoalRequest request);

  /** Submits a goal and returns the raw response (status 201, {@code Location}). */
  @POST
  @Path("/goals")
  Response submitGoalResponse(GoalRequest request);

  /** A page of goals, newest first, optionally filtered by status and a text in the title. */
  @GET
  @Path("/goals")
  GoalPage goals(
      @QueryParam("status") String status,
      @QueryParam("q") String query,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("20") int size);

  /** A goal with its work items, runs and steps. */
  @GET
  @Path("/goals/{id}")
  Goal goal(@PathParam("id") String id);

  /** Cancels a queued or running goal; answers 409 when it already finished. */
  @POST
  @Path("/goals/{id}/cancel")
  Goal cancelGoal(@PathParam("id") String id);

  /**
   * Queues a failed (or interrupted) goal again, resuming from its last completed work item;
   * answers 409 for a queued, running, succeeded or cancelled goal, 503 with {@code Retry-After}
   * when too many goals wait.
   */
  @POST
  @Path("/goals/{id}/retry")
  Goal retryGoal(@PathParam("id") String id);

  /** As {@link #retryGoal(String)}, the raw response (202, or the problem and its headers). */
  @POST
  @Path("/goals/{id}/retry")
  Response retryGoalResponse(@PathParam("id") String id);

  /** A page of stream records, newest first. Status: active, completed or error. */
  @GET
  @Path("/streams")
  StreamPage streams(
      @QueryParam("status") String status,
      @QueryParam("goalId") String goalId,
      @QueryParam("model") String model,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size);

  /** One stream record with its full content. */
  /** {@code GET /api/console/settings}: the stall threshold and the timings bound. */
  @GET
  @Path("/console/settings")
  ConsoleSettings consoleSettings();

  @GET
  @Path("/streams/{requestId}")
  StreamRecord stream(@PathParam("requestId") String requestId);

  /**
   * Runs a completion and streams its {@code llm.stream.*} events as they happen: {@code
   * llm.stream.start}, {@code llm.stream.chunk}s, then {@code llm.stream.end} or {@code
   * llm.stream.error}, after which the stream ends. A refused request (400, 403, 429, 503) fails
   * before any event, with its problem JSON.
   */
  @POST
  @Path("/completions")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  Publisher<InboundSseEvent> completionEvents(CompletionRequest request);

  /**
   * A goal's channel (its events as {@code /ws/goals/{goalId}} carries them): first an event named
   * {@code snapshot} (unless the resume is served), then every event with id {@code <epoch>:<seq>};
   * {@code lastEventId} (the id of the last event received, or null) resumes after it. An event
   * named {@code close} ({@code {"code","reason"}}) precedes the server ending it.
   */
  @GET
  @Path("/goals/{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  Publisher<InboundSseEvent> goalEvents(
      @PathParam("id") String goalId, @HeaderParam("Last-Event-ID") String lastEventId);

  /** Stream totals. */
  @GET
  @Path("/metrics/summary")
  MetricsSummary metrics();

  /** Usage and cost of the last {@code days} UTC days (null: 30). */
  @GET
  @Path("/metrics/costs")
  CostReport costs(@QueryParam("days") Integer days);

  /** Usage and cost of every stream of a goal. */
  @GET
  @Path("/metrics/goals/{goalId}/cost")
  CostRow goalCost(@PathParam("goalId") String goalId);
}
