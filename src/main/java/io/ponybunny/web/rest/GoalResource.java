package io.ponybunny.web.rest;

import io.ponybunny.agent.AgentEvents;
import io.ponybunny.agent.AgentSettings;
import io.ponybunny.agent.Budget;
import io.ponybunny.agent.GoalScheduler;
import io.ponybunny.agent.GoalStatus;
import io.ponybunny.agent.IllegalTransitionException;
import io.ponybunny.agent.ModelResolver;
import io.ponybunny.agent.QueueFullException;
import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.GoalStore;
import io.ponybunny.client.Goal;
import io.ponybunny.client.GoalPage;
import io.ponybunny.client.GoalRequest;
import io.ponybunny.llm.api.UnknownModelException;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.routing.ModelRouter;
import io.ponybunny.quota.QuotaExceededException;
import io.ponybunny.quota.Quotas;
import io.ponybunny.security.ChannelOwners;
import io.ponybunny.security.CurrentIdentity;
import io.ponybunny.security.Identity;
import io.ponybunny.security.Role;
import io.ponybunny.security.audit.AuditLog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.NoSuchElementException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/goals}: submit goals for the ReAct agent, list and inspect them (with work items,
 * runs and steps), cancel them, retry failed ones. Operators submit, cancel and retry their own
 * goals; everyone sees their own (admins: all); another principal's goal answers 404. When {@code
 * ponybunny.agent.max-queued-goals} goals wait, a new goal or a retry is refused with 503 and
 * {@code Retry-After}, before anything is stored.
 */
@Path("/goals")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class GoalResource {

  /** How long a cancel waits for a running goal to end before answering. */
  static final long CANCEL_WAIT_MS = 900;

  /** The audit action of a retry. */
  static final String GOAL_RETRIED = "goal.retried";

  @Inject GoalStore store;
  @Inject GoalScheduler scheduler;
  @Inject AgentEvents events;
  @Inject AgentSettings settings;
  @Inject ModelResolver models;
  @Inject ModelRouter router;
  @Inject CurrentIdentity current;
  @Inject ChannelOwners owners;
  @Inject AuditLog audit;

  @Context UriInfo uriInfo;

  @POST
  @RequestQuota
  @BodyLimit
  @RolesAllowed(Role.OPERATOR_NAME)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Submit a goal",
      description =
          "Queues a goal for the ReAct agent. Its progress streams on /ws/goals/{id} (goal.status,"
              + " workitem.status, run.step and the llm.stream.* events of its LLM calls).")
  @APIResponse(
      responseCode = "201",
      description = "The queued goal; Location names it",
      content = @Content(schema = @Schema(implementation = Goal.class)))
  @APIResponse(responseCode = "400", description = "Malformed JSON or no body (problem JSON)")
  @APIResponse(responseCode = "403", description = "The caller is no operator (problem JSON)")
  @APIResponse(responseCode = "413", description = "Body over 64 KiB (problem JSON)")
  @APIResponse(
      responseCode = "429",
      description =
          "A quota of the caller or its API key is used up, or the caller already has"
              + " ponybunny.agent.max-queued-goals-per-principal goals waiting (problem JSON with"
              + " limit, Retry-After)")
  @APIResponse(
      responseCode = "422",
      description = "Invalid fields, e.g. a title over 200 characters (problem JSON with errors)")
  @APIResponse(
      responseCode = "503",
      description =
          "Too many goals waiting (ponybunny.agent.max-queued-goals); Retry-After says when to try"
              + " again; nothing was stored (problem JSON)")
  public Response submitGoal(@NotNull(message = "is required") @Valid GoalRequest request) {
    Identity caller = current.get();
    String model = models.resolve(request.model(), request.tier());
    if (request.model() != null) {
      try {
        router.route(model);
      } catch (UnknownModelException e) {
        throw new InvalidFieldsException(422, List.of(new FieldError("model", e.getMessage())));
      }
    }
    io.ponybunny.client.Budget b = request.budget();
    Budget budget =
        b == null
            ? settings.defaultBudget()
            : Budget.of(
                b.maxTokens(), b.maxSteps(), b.maxDurationSeconds(), settings.defaultBudget());
    GoalEntity goal;
    try (GoalScheduler.Slot slot = reserve(caller.name())) {
      goal =
          store.create(
              new GoalEntity(
                  GoalStore.newId("g"),
                  request.title().strip(),
                  request.description(),
                  request.successCriteria(),
                  request.model() == null ? null : request.model().strip(),
                  request.tier(),
                  budget,
                  scratchpad(request),
                  System.currentTimeMillis(),
                  caller.name()));
      owners.goalCreated(goal.getId(), caller.name());
      audit.record(caller.name(), AuditLog.GOAL_CREATED, goal.getId(), current.address(), "ok");
      events.created(goal);
      slot.submit(goal.getId());
    }
    return Response.created(uriInfo.getAbsolutePathBuilder().path(goal.getId()).build())
        .entity(AgentViews.goal(goal, null))
        .build();
  }

  /**
   * A place in the queue for a goal of {@code owner}, else 503 with Retry-After when the queue is
   * full, or 429 when the owner's own goals fill their share (nothing stored yet).
   */
  private GoalScheduler.Slot reserve(String owner) {
    try {
      return scheduler.reserve(owner);
    } catch (QueueFullException e) {
      throw queueFull(e, owner);
    }
  }

  private static RuntimeException queueFull(QueueFullException e, String owner) {
    if (e.perPrincipal()) {
      return new QuotaExceededException(
          Quotas.principal(owner == null ? "" : owner),
          QuotaExceededException.Limit.QUEUED_GOALS,
          e.capacity(),
          e.retryAfterSeconds());
    }
    return ApiException.retryLater(503, e.getMessage(), e.retryAfterSeconds());
  }

  @GET
  @Operation(summary = "List goals", description = "Newest first, optionally by status and title.")
  @APIResponse(
      responseCode = "200",
      description = "A page of goals (without work items)",
      content = @Content(schema = @Schema(implementation = GoalPage.class)))
  @APIResponse(responseCode = "400", description = "Bad status or paging (problem JSON)")
  public GoalPage listGoals(
      @Parameter(
              description = "queued, running, succeeded, failed or cancelled",
              schema = @Schema(type = SchemaType.STRING))
          @QueryParam("status")
          String status,
      @Parameter(description = "text the title contains") @QueryParam("q") String q,
      @Parameter(description = "page number from 0", schema = @Schema(type = SchemaType.INTEGER))
          @QueryParam("page")
          String page,
      @Parameter(description = "page size 1..200 (20)", schema = @Schema(type = SchemaType.INTEGER))
          @QueryParam("size")
          String size) {
    Paging paging = Paging.of(page, size, 20);
    GoalStatus filter = null;
    if (status != null && !status.isBlank()) {
      try {
        filter = GoalStatus.fromWireName(status.strip());
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldsException(
            400,
            List.of(
                new FieldError(
                    "status", "must be one of queued, running, succeeded, failed, cancelled")));
      }
    }
    if (q != null && q.length() > 200) {
      throw new InvalidFieldsException(
          400, List.of(new FieldError("q", "must be at most 200 characters")));
    }
    GoalStore.Page result =
        store.list(current.ownerFilter(), filter, q, paging.page(), paging.size());
    return new GoalPage(
        result.items().stream().map(g -> AgentViews.goal(g, null)).toList(),
        paging.page(),
        paging.size(),
        result.total());
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "A goal with its work items, runs and steps")
  @APIResponse(
      responseCode = "200",
      description = "The goal",
      content = @Content(schema = @Schema(implementation = Goal.class)))
  @APIResponse(responseCode = "404", description = "No such goal (problem JSON)")
  public Goal getGoal(@PathParam("id") String id) {
    Identity caller = current.get();
    return store
        .detail(id)
        .filter(d -> caller.mayAccess(d.goal().getOwner()))
        .map(d -> AgentViews.goal(d.goal(), d))
        .orElseThrow(() -> notFound(id));
  }

  @POST
  @Path("/{id}/cancel")
  @Operation(
      summary = "Cancel a goal",
      description =
          "Cancels a queued goal at once; stops a running goal's current LLM call and ends it"
              + " cancelled (usually within a second).")
  @APIResponse(
      responseCode = "202",
      description = "The goal, cancelled or ending",
      content = @Content(schema = @Schema(implementation = Goal.class)))
  @APIResponse(responseCode = "404", description = "No such goal (problem JSON)")
  @APIResponse(responseCode = "409", description = "The goal already finished (problem JSON)")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response cancelGoal(@PathParam("id") String id) {
    Identity caller = current.get();
    if (store.find(id).filter(g -> caller.mayAccess(g.getOwner())).isEmpty()) {
      throw notFound(id);
    }
    audit.record(caller.name(), AuditLog.GOAL_CANCELLED, id, current.address(), "ok");
    switch (scheduler.cancel(id, CANCEL_WAIT_MS)) {
      case UNKNOWN -> throw notFound(id);
      case FINISHED -> {
        String status = store.find(id).map(g -> g.status().wireName()).orElse("finished");
        throw new ApiException(409, "Goal '" + id + "' already finished (" + status + ").");
      }
      default -> {
        return Response.accepted(getGoal(id)).build();
      }
    }
  }

  @POST
  @RequestQuota
  @Path("/{id}/retry")
  @Operation(
      summary = "Retry a failed goal",
      description =
          "Queues a failed goal (also one interrupted by a server stop) again and resumes it from"
              + " its last completed work item: succeeded work items keep their results, failed and"
              + " skipped ones run again (a goal that failed while planning is planned again)."
              + " Tokens already used count against its budget; steps and time start afresh.")
  @APIResponse(
      responseCode = "202",
      description = "The goal, queued again",
      content = @Content(schema = @Schema(implementation = Goal.class)))
  @APIResponse(responseCode = "403", description = "The caller is no operator (problem JSON)")
  @APIResponse(responseCode = "404", description = "No such goal (problem JSON)")
  @APIResponse(
      responseCode = "409",
      description =
          "The goal is queued, running, succeeded or cancelled, or its token budget is spent"
              + " (problem JSON)")
  @APIResponse(
      responseCode = "429",
      description = "A quota of the caller or its API key is used up (problem JSON, Retry-After)")
  @APIResponse(
      responseCode = "503",
      description = "Too many goals waiting; Retry-After says when; the goal stays failed")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response retryGoal(@PathParam("id") String id) {
    Identity caller = current.get();
    GoalEntity goal =
        store.find(id).filter(g -> caller.mayAccess(g.getOwner())).orElseThrow(() -> notFound(id));
    if (!goal.status().canRetry()) {
      throw notRetryable(id, goal.status());
    }
    if (goal.getTokensUsed() >= goal.budget().maxTokens()) {
      throw new ApiException(
          409,
          "Goal '"
              + id
              + "' has spent its token budget ("
              + goal.getTokensUsed()
              + " of "
              + goal.budget().maxTokens()
              + " tokens); submit it again with a larger budget.");
    }
    try {
      scheduler.retry(id, goal.getOwner());
    } catch (QueueFullException e) {
      throw queueFull(e, goal.getOwner());
    } catch (IllegalTransitionException e) {
      // changed since it was read (e.g. retried twice at once)
      throw notRetryable(id, store.find(id).map(GoalEntity::status).orElse(goal.status()));
    } catch (NoSuchElementException e) {
      throw notFound(id);
    }
    audit.record(caller.name(), GOAL_RETRIED, id, current.address(), "ok");
    return Response.accepted(getGoal(id)).build();
  }

  private static ApiException notRetryable(String id, GoalStatus status) {
    return new ApiException(
        409,
        "Goal '"
            + id
            + "' is "
            + status.wireName()
            + "; only a failed (or interrupted) goal can be retried.");
  }

  private static ApiException notFound(String id) {
    return new ApiException(404, "No goal '" + id + "'.");
  }

  private static String scratchpad(GoalRequest request) {
    if (request.scratchpad() == null || request.scratchpad().isEmpty()) {
      return null;
    }
    JsonObjectBuilder b = JsonSupport.objectBuilder();
    request.scratchpad().forEach(b::add);
    return b.build().toString();
  }
}
