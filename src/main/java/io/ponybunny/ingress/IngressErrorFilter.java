package io.ponybunny.ingress;

import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.web.rest.Problem;
import jakarta.json.JsonObject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives every error of the {@code /v1} application in the shape of the API the request speaks: the
 * problem JSON that the shared filters and mappers produce (body limit 413, quotas 429 or 503 with
 * {@code Retry-After}, an unknown model, a provider failure 502/504, …) becomes OpenAI's or
 * Anthropic's error envelope with the same status and headers, so each SDK raises the exception it
 * raises for the real API.
 */
@Provider
public class IngressErrorFilter implements ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() < 400 || !(response.getEntity() instanceof String body)) {
      return;
    }
    MediaType type = response.getMediaType();
    if (type == null || !type.isCompatible(Problem.MEDIA_TYPE)) {
      return;
    }
    ClientApi api =
        ClientApi.of(
            request.getUriInfo().getPath(),
            request.getHeaderString(IngressHeaders.ANTHROPIC_VERSION));
    response.setEntity(
        api.errorBody(response.getStatus(), message(body)), null, MediaType.APPLICATION_JSON_TYPE);
  }

  /** The problem's detail (else its title) as the error message. */
  static String message(String problemJson) {
    JsonObject problem = JsonSupport.tryReadObject(problemJson);
    if (problem == null) {
      return problemJson;
    }
    String detail = problem.getString("detail", null);
    return detail != null ? detail : problem.getString("title", "Error");
  }
}
