package io.ponybunny.web.rest;

import io.ponybunny.client.StreamPage;
import io.ponybunny.client.StreamRecord;
import io.ponybunny.history.StreamHistory;
import io.ponybunny.history.StreamRecorder;
import io.ponybunny.history.StreamStatus;
import io.ponybunny.security.CurrentIdentity;
import io.ponybunny.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /api/streams}: the history of every LLM stream, live ones included. */
@Path("/streams")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public class StreamResource {

  @Inject StreamHistory store;
  @Inject StreamRecorder recorder;
  @Inject CurrentIdentity current;

  @GET
  @Operation(
      summary = "List streams",
      description = "Newest first, filtered by status, goal, model.")
  @APIResponse(
      responseCode = "200",
      description = "A page of stream records (without content)",
      content = @Content(schema = @Schema(implementation = StreamPage.class)))
  @APIResponse(responseCode = "400", description = "Bad status or paging (problem JSON)")
  public StreamPage listStreams(
      @Parameter(
              description = "active, completed, error (or cancelled)",
              schema = @Schema(type = SchemaType.STRING))
          @QueryParam("status")
          String status,
      @QueryParam("goalId") String goalId,
      @QueryParam("model") String model,
      @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("page") String page,
      @Parameter(description = "1..200 (50)", schema = @Schema(type = SchemaType.INTEGER))
          @QueryParam("size")
          String size) {
    Paging paging = Paging.of(page, size, 50);
    StreamHistory.Page result =
        store.list(
            current.ownerFilter(),
            status(status),
            blankToNull(goalId),
            blankToNull(model),
            paging.page(),
            paging.size());
    return new StreamPage(
        result.items().stream().map(s -> AgentViews.stream(s)).toList(),
        paging.page(),
        paging.size(),
        result.total());
  }

  @GET
  @Path("/{requestId}")
  @Operation(
      summary = "One stream with its full content",
      description = "A stream still in progress shows the content received so far.")
  @APIResponse(
      responseCode = "200",
      description = "The stream record",
      content = @Content(schema = @Schema(implementation = StreamRecord.class)))
  @APIResponse(responseCode = "404", description = "No such stream (problem JSON)")
  public StreamRecord getStream(@PathParam("requestId") String requestId) {
    var record =
        store
            .find(requestId)
            .filter(r -> current.get().mayAccess(r.getOwner()))
            .orElseThrow(() -> new ApiException(404, "No stream '" + requestId + "'."));
    Optional<StreamRecorder.Active> live =
        StreamStatus.STREAMING.wireName().equals(record.getStatus())
            ? recorder.active(requestId)
            : Optional.empty();
    if (live.isPresent()) {
      StreamRecorder.Active a = live.get();
      return AgentViews.stream(record, a.content(), a.chunks(), a.timings());
    }
    return AgentViews.stream(
        record,
        record.getContent() == null ? "" : record.getContent(),
        null,
        record.getChunkTimings());
  }

  private static StreamStatus status(String status) {
    if (status == null || status.isBlank()) {
      return null;
    }
    return switch (status.strip()) {
      case "active", "streaming" -> StreamStatus.STREAMING;
      case "completed" -> StreamStatus.COMPLETED;
      case "error" -> StreamStatus.ERROR;
      case "cancelled" -> StreamStatus.CANCELLED;
      case "interrupted" -> StreamStatus.INTERRUPTED;
      default ->
          throw new InvalidFieldsException(
              400,
              List.of(
                  new FieldError(
                      "status",
                      "must be one of active, completed, error, cancelled, interrupted")));
    };
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
