package io.ponybunny.web.rest;

import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * A request with invalid fields: answered as problem JSON (400 for query parameters, 422 for body
 * fields) with {@code errors: [{field, message}]}.
 */
public class InvalidFieldsException extends WebApplicationException {

  private static final long serialVersionUID = 1L;

  private final transient List<FieldError> errors;

  public InvalidFieldsException(int status, List<FieldError> errors) {
    super(problem(status, errors));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** The problem response for {@code errors}. */
  public static Response problem(int status, List<FieldError> errors) {
    JsonArrayBuilder list = JsonSupport.arrayBuilder();
    StringBuilder detail = new StringBuilder();
    for (FieldError e : errors) {
      list.add(JsonSupport.objectBuilder().add("field", e.field()).add("message", e.message()));
      detail
          .append(detail.length() == 0 ? "" : "; ")
          .append(e.field())
          .append(' ')
          .append(e.message());
    }
    String body =
        JsonSupport.objectBuilder()
            .add("type", "about:blank")
            .add("title", status == 422 ? "Unprocessable Content" : "Bad Request")
            .add("status", status)
            .add("detail", "Invalid request: " + detail + ".")
            .add("errors", list)
            .build()
            .toString();
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
  }

  /** Answers with the exception's own problem response. */
  @Provider
  public static class Mapper implements ExceptionMapper<InvalidFieldsException> {
    @Override
    public Response toResponse(InvalidFieldsException e) {
      return e.getResponse();
    }
  }
}
