package io.ponybunny.web.rest;

import io.ponybunny.client.StreamPage;
import io.ponybunny.client.StreamRecord;
import io.ponybunny.history.StreamHistory;
import io.ponybunny.history.StreamRecordEntity;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
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
      summary = "List and search streams",
      description =
          "Newest first, filtered by status, goal, model, provider, start time and a phrase found"
              + " (case-insensitively) in the prompt or the answer.")
  @APIResponse(
      responseCode = "200",
      description = "A page of stream records (without content; with an excerpt)",
      content = @Content(schema = @Schema(implementation = StreamPage.class)))
  @APIResponse(
      responseCode = "400",
      description = "Bad status, phrase, time or paging (problem JSON)")
  public StreamPage listStreams(
      @Parameter(
              description = "active, completed, error, cancelled or interrupted",
              schema = @Schema(type = SchemaType.STRING))
          @QueryParam("status")
          String status,
      @QueryParam("goalId") String goalId,
      @QueryParam("model") String model,
      @QueryParam("provider") String provider,
      @Parameter(description = "a phrase of 2..200 characters in the prompt or the answer")
          @QueryParam("q")
          String phrase,
      @Parameter(description = "started at or after (ISO-8601 instant)") @QueryParam("from")
          String from,
      @Parameter(description = "started before (ISO-8601 instant)") @QueryParam("to") String to,
      @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("page") String page,
      @Parameter(description = "1..200 (50)", schema = @Schema(type = SchemaType.INTEGER))
          @QueryParam("size")
          String size) {
    Paging paging = Paging.of(page, size, 50);
    StreamHistory.Search search = search(status, goalId, model, provider, phrase, from, to);
    StreamHistory.Page result = store.search(search, paging.page(), paging.size());
    return new StreamPage(
        result.items().stream().map(s -> AgentViews.listed(s, search.phrase())).toList(),
        paging.page(),
        paging.size(),
        result.total());
  }

  @GET
  @Path("/export")
  @Produces({"text/csv", MediaType.APPLICATION_JSON})
  @Operation(
      summary = "Export a search's streams",
      description =
          "The streams GET /api/streams finds with the same filters, newest first, with their"
              + " prompts and answers: format=csv (RFC 4180) or json (an array). At most "
              + EXPORT_MAX
              + " records, and no record is begun after 256 Mi characters were written.")
  @APIResponse(responseCode = "200", description = "The download")
  @APIResponse(responseCode = "400", description = "Bad format or filter (problem JSON)")
  public Response export(
      @QueryParam("format") String format,
      @QueryParam("status") String status,
      @QueryParam("goalId") String goalId,
      @QueryParam("model") String model,
      @QueryParam("provider") String provider,
      @QueryParam("q") String phrase,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    boolean csv = "csv".equals(format);
    if (!csv && !"json".equals(format)) {
      throw new InvalidFieldsException(
          400, List.of(new FieldError("format", "must be csv or json")));
    }
    StreamHistory.Search search = search(status, goalId, model, provider, phrase, from, to);
    StreamingOutput body =
        out -> {
          try (StreamExport export = new StreamExport(out, csv)) {
            int written = 0;
            pages:
            for (int page = 0; ; page++) {
              List<StreamRecordEntity> items = store.records(search, page, EXPORT_PAGE);
              for (StreamRecordEntity r : items) {
                if (written++ == EXPORT_MAX || export.chars() >= EXPORT_MAX_CHARS) {
                  break pages;
                }
                export.write(
                    AgentViews.stream(r, r.getContent() == null ? "" : r.getContent(), null, null));
              }
              if (items.size() < EXPORT_PAGE) {
                break;
              }
            }
          }
        };
    String name = "streams-" + java.time.Instant.now().getEpochSecond() + (csv ? ".csv" : ".json");
    return Response.ok(body, csv ? "text/csv; charset=utf-8" : MediaType.APPLICATION_JSON)
        .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
        .build();
  }

  /** Most records one export holds. */
  static final int EXPORT_MAX = 10_000;

  /** After this many characters an export begins no further record (answers may be long). */
  static final long EXPORT_MAX_CHARS = 256L << 20;

  /** Longest model, provider or goal id a search takes (the model column's width). */
  static final int MAX_FILTER = 300;

  /** Records read per query while exporting. */
  private static final int EXPORT_PAGE = 200;

  /** The caller's search: only their own streams unless an admin. */
  private StreamHistory.Search search(
      String status,
      String goalId,
      String model,
      String provider,
      String phrase,
      String from,
      String to) {
    String q = blankToNull(phrase);
    if (q != null && (q.length() < 2 || q.length() > 200)) {
      throw new InvalidFieldsException(
          400, List.of(new FieldError("q", "must be 2 to 200 characters")));
    }
    for (String[] f :
        new String[][] {{"model", model}, {"provider", provider}, {"goalId", goalId}}) {
      if (f[1] != null && f[1].length() > MAX_FILTER) {
        throw new InvalidFieldsException(
            400, List.of(new FieldError(f[0], "must be at most " + MAX_FILTER + " characters")));
      }
    }
    Long since = Times.instantOrNull("from", from);
    Long until = Times.instantOrNull("to", to);
    if (since != null && until != null && since >= until) {
      throw new InvalidFieldsException(400, List.of(new FieldError("to", "must be after from")));
    }
    return new StreamHistory.Search(
        current.ownerFilter(),
        status(status),
        blankToNull(goalId),
        blankToNull(model),
        blankToNull(provider),
        q,
        since,
        until);
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
