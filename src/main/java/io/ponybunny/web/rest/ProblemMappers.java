package io.ponybunny.web.rest;

import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.UnknownModelException;
import io.ponybunny.quota.QuotaExceededException;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns every failure into an RFC 9457 problem body: never a stack trace. */
public final class ProblemMappers {

  /** Every mapper here, for the JAX-RS applications that answer with them. */
  public static final Set<Class<?>> ALL =
      Set.of(
          WebApplication.class,
          MalformedJson.class,
          MalformedJsonb.class,
          Processing.class,
          UnknownModel.class,
          ProviderFailure.class,
          QuotaExceeded.class,
          Unexpected.class);

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

  private ProblemMappers() {}

  /** Errors the API or the container raised with a status (400, 404, 405, 413, 415, ...). */
  @Provider
  public static class WebApplication implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
      if (status >= 500 && !(e instanceof ApiException)) {
        return Unexpected.log(e);
      }
      Response.Status known = Response.Status.fromStatusCode(status);
      String title = known == null ? "Request failed" : known.getReasonPhrase();
      String detail = e instanceof ApiException ? e.getMessage() : defaultDetail(status);
      Response problem = Problem.response(status, title, detail);
      if (e instanceof ApiException api && !api.headers().isEmpty()) {
        Response.ResponseBuilder b = Response.fromResponse(problem);
        api.headers().forEach(b::header);
        return b.build();
      }
      return problem;
    }

    private static String defaultDetail(int status) {
      return switch (status) {
        case 404 -> "No such resource.";
        case 405 -> "Method not allowed on this resource.";
        case 406 -> "Cannot produce an acceptable media type.";
        case 413 -> "Request body too large.";
        case 415 -> "Unsupported media type: send application/json.";
        case 400 -> "Malformed request: the body must be valid JSON of the documented shape.";
        default -> null;
      };
    }
  }

  /** Malformed JSON read through JSON-P. */
  @Provider
  public static class MalformedJson implements ExceptionMapper<JsonException> {
    @Override
    public Response toResponse(JsonException e) {
      return malformed();
    }
  }

  /** Malformed or mistyped JSON read through JSON-B. */
  @Provider
  public static class MalformedJsonb implements ExceptionMapper<JsonbException> {
    @Override
    public Response toResponse(JsonbException e) {
      return malformed();
    }
  }

  /** A body that could not be read (often wrapping a JSON error). */
  @Provider
  public static class Processing implements ExceptionMapper<ProcessingException> {
    @Override
    public Response toResponse(ProcessingException e) {
      return malformed();
    }
  }

  /** A model that no endpoint serves. */
  @Provider
  public static class UnknownModel implements ExceptionMapper<UnknownModelException> {
    @Override
    public Response toResponse(UnknownModelException e) {
      return Problem.response(400, "Unknown model", e.getMessage());
    }
  }

  /** A provider failed: the gateway answers 502 (504 for timeouts) naming provider and status. */
  @Provider
  public static class ProviderFailure implements ExceptionMapper<ProviderException> {
    @Override
    public Response toResponse(ProviderException e) {
      return problem(e, null);
    }

    static Response problem(ProviderException e, String requestId) {
      Map<String, Object> ext = new LinkedHashMap<>();
      ext.put("provider", e.provider());
      if (e.status() > 0) {
        ext.put("upstreamStatus", e.status());
      }
      ext.put("errorType", e.errorType());
      ext.put("retryable", e.retryable());
      ext.put("requestId", requestId);
      int status = e.errorType() != null && e.errorType().contains("timeout") ? 504 : 502;
      return Problem.response(status, "Provider error", e.describe(), ext);
    }
  }

  /** A quota refused: 429 (503 when the server is full) with {@code Retry-After}. */
  @Provider
  public static class QuotaExceeded implements ExceptionMapper<QuotaExceededException> {
    @Override
    public Response toResponse(QuotaExceededException e) {
      return problem(e);
    }

    static Response problem(QuotaExceededException e) {
      Map<String, Object> ext = new LinkedHashMap<>();
      ext.put("limit", e.limit().wireName());
      ext.put("value", e.value());
      ext.put("retryAfterSeconds", e.retryAfterSeconds());
      Response r =
          Problem.response(
              e.status(),
              e.status() == 503 ? "Service Unavailable" : "Too Many Requests",
              e.getMessage(),
              ext);
      return Response.fromResponse(r).header("Retry-After", e.retryAfterSeconds()).build();
    }
  }

  /** Anything else: 500 with an incident id, details only in the server log. */
  @Provider
  public static class Unexpected implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      return log(e);
    }

    static Response log(Throwable e) {
      String incident = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "Unexpected error, incident " + incident, e);
      return Problem.response(
          500,
          "Internal error",
          "An unexpected error occurred; see the server log for incident " + incident + ".",
          Map.of("incident", incident));
    }
  }

  private static Response malformed() {
    return Problem.response(
        400,
        "Bad Request",
        "Malformed request: the body must be valid JSON of the documented shape.");
  }
}
