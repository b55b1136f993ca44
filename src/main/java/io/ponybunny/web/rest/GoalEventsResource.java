package io.ponybunny.web.rest;

import io.ponybunny.broadcast.BroadcastManager;
import io.ponybunny.broadcast.transport.SessionSender;
import io.ponybunny.security.ChannelOwners;
import io.ponybunny.security.CurrentIdentity;
import io.ponybunny.security.Identity;
import io.ponybunny.security.Role;
import io.ponybunny.web.sse.SseHeartbeats;
import io.ponybunny.web.sse.SseOutput;
import io.ponybunny.web.sse.SseResume;
import io.ponybunny.web.sse.SseWire;
import io.ponybunny.web.websocket.ChannelAccess;
import io.ponybunny.web.websocket.ConnectionLimits;
import io.ponybunny.web.websocket.GoalStreamEndpoint;
import io.ponybunny.web.websocket.ResumeQuery;
import io.ponybunny.web.websocket.SocketGuard;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /api/goals/{goalId}/events}: a goal's channel as server-sent events, the same events
 * in the same order as {@code /ws/goals/{goalId}} ({@code docs/streaming-protocol.md}, "Server-sent
 * events"). A new subscriber first gets an {@code event: snapshot}, then every event with {@code
 * id: <epoch>:<seq>}, {@code event:} its name and {@code data:} its payload; one that sends the
 * last id it got as {@code Last-Event-ID} (or {@code ?epoch=&since=}) gets what it missed replayed,
 * or a snapshot with {@code "recovered":false} when that is no longer possible. The same rules as
 * the socket's decide who may subscribe ({@link GoalStreamEndpoint.GoalAccess}), refused here with
 * problem JSON before the stream starts: 404 for a goal that does not exist or is another's, 400
 * for a malformed id or resume point, 429 beyond the principal's connections or free-form channels
 * and 503 when the server has all the connections it takes. The stream counts as a socket, gets the
 * sockets' queue bound, pacing and send timeout, and ends with an {@code event: close} (code and
 * reason as the socket's close) when it is dropped or its credential ends.
 */
@Path("/goals/{goalId}/events")
@RequestScoped
public class GoalEventsResource {

  /** {@code Retry-After} seconds when the connections are used up. */
  static final long RETRY_AFTER_SECONDS = 5;

  @Inject BroadcastManager broadcast;
  @Inject ChannelOwners owners;
  @Inject ConnectionLimits limits;
  @Inject SocketGuard guard;
  @Inject SseHeartbeats heartbeats;
  @Inject CurrentIdentity current;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RolesAllowed(Role.VIEWER_NAME)
  @Operation(
      summary = "A goal's events as server-sent events",
      description =
          "The goal's channel as /ws/goals/{goalId} carries it: a snapshot, then every event with"
              + " id <epoch>:<seq>; Last-Event-ID (or ?epoch=&since=) resumes.")
  @APIResponse(responseCode = "200", description = "The event stream (text/event-stream)")
  @APIResponse(responseCode = "400", description = "A malformed goal id or resume point")
  @APIResponse(responseCode = "404", description = "No such goal, or another principal's")
  @APIResponse(responseCode = "429", description = "Too many connections or channels (Retry-After)")
  @APIResponse(responseCode = "503", description = "The server's connections are used up")
  public void goalEvents(
      @PathParam("goalId") String goalId,
      @Parameter(description = "The id of the last event received: <epoch>:<seq>")
          @HeaderParam("Last-Event-ID")
          String lastEventId,
      @Parameter(description = "Resume in this channel epoch (with since, or a bare Last-Event-ID)")
          @QueryParam("epoch")
          String epoch,
      @Parameter(description = "Resume after this seq (with epoch)") @QueryParam("since")
          String since,
      @Context SseEventSink sink,
      @Context Sse sse) {
    GoalStreamEndpoint.GoalAccess access = new GoalStreamEndpoint.GoalAccess(goalId, owners);
    if (access.malformed() != null) {
      throw new ApiException(400, access.malformed());
    }
    ResumeQuery resume = SseResume.parse(lastEventId, epoch, since);
    if (resume.refusal() != null) {
      throw new ApiException(400, resume.refusal());
    }
    Identity identity = current.get();
    ChannelAccess.Grant grant = access.grant(identity);
    if (grant.refusal() != null) {
      throw new ApiException(404, "No goal '" + goalId + "'.");
    }
    ConnectionLimits.Admission admission = limits.admit(identity.name());
    if (admission.permit() == null) {
      throw ApiException.retryLater(
          admission.serverFull() ? 503 : 429, admission.refusal(), RETRY_AFTER_SECONDS);
    }
    if (grant.freeOwner() != null
        && !broadcast.claimFreeChannel(grant.channel(), grant.freeOwner())) {
      admission.permit().release();
      throw ApiException.retryLater(
          429,
          "too many channels: at most "
              + broadcast.maxFreeChannelsPerPrincipal()
              + " free-form channels per principal",
          RETRY_AFTER_SECONDS);
    }
    SseOutput out = new SseOutput(sink, sse);
    SseWire wire = new SseWire(out);
    SessionSender sender = broadcast.subscribe(wire, grant.channel(), resume.position());
    guard.watch(
        out,
        identity,
        () ->
            sender.close(
                new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, SocketGuard.REVOKED)));
    out.onClosed(
        () -> {
          guard.unwatch(out);
          broadcast.unsubscribe(sender, grant.channel());
          admission.permit().release();
        });
    heartbeats.watch(out);
  }
}
