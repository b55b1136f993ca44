package io.ponybunny.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * PonyBunny's goals, streams and metrics API as a typed MicroProfile REST client. Configure the
 * server with {@code ponybunny/mp-rest/url=http://host:9080} and inject it with
 * {@code @Inject @RestClient PonyBunnyClient}, or build it: {@code
 * RestClientBuilder.newBuilder().baseUri(uri).build(PonyBunnyClient.class)}. Error answers (RFC
 * 9457 problem JSON) surface as {@code WebApplicationException} with the response.
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
  @GET
  @Path("/streams/{requestId}")
  StreamRecord stream(@PathParam("requestId") String requestId);

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
