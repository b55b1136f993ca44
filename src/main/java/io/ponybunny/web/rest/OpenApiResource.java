package io.ponybunny.web.rest;

import io.ponybunny.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/openapi}: the API's OpenAPI document (JSON; {@code ?format=yaml} for YAML), made
 * at build time from the annotations ({@code smallrye-open-api-maven-plugin}) and, like every
 * endpoint, only for callers with a role.
 */
@Path("/openapi")
@ApplicationScoped
@RolesAllowed(Role.VIEWER_NAME)
public class OpenApiResource {

  private static final String DOCUMENT = "/META-INF/openapi/openapi.";

  @GET
  @Produces({MediaType.APPLICATION_JSON, "application/yaml"})
  @Operation(summary = "The OpenAPI document of this API")
  public Response openApi(@QueryParam("format") String format) {
    boolean yaml = "yaml".equals(format);
    byte[] body = read(DOCUMENT + (yaml ? "yaml" : "json"));
    if (body == null) {
      throw new ApiException(404, "The OpenAPI document was not built into this application.");
    }
    return Response.ok(body, yaml ? "application/yaml" : MediaType.APPLICATION_JSON).build();
  }

  private static byte[] read(String resource) {
    try (InputStream in = OpenApiResource.class.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
