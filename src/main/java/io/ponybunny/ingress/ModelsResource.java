package io.ponybunny.ingress;

import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.routing.EndpointRegistry;
import io.ponybunny.llm.routing.ModelRouter;
import io.ponybunny.security.Role;
import io.ponybunny.web.rest.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: the names PonyBunny routes ({@link
 * RoutedModels}) in the shape of the API the request speaks, so both SDKs' model lists work: with
 * an {@code anthropic-version} header Anthropic's ({@code {"data":[{"type":"model","id",
 * "display_name","created_at"}],"has_more":false,"first_id","last_id"}}), else OpenAI's ({@code
 * {"object":"list","data":[{"id","object":"model","created","owned_by"}]}}). An unknown id is a 404
 * in the API's error shape. Viewers may read it.
 */
@Path("/models")
@RequestScoped
@RolesAllowed(Role.VIEWER_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

  /** The creation time every model shows: when this server started. */
  private static final Instant STARTED = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @Inject ModelRouter router;
  @Inject EndpointRegistry endpoints;
  @Inject Config config;

  @GET
  public String list(@HeaderParam(IngressHeaders.ANTHROPIC_VERSION) String anthropicVersion) {
    List<RoutedModels.RoutedModel> models = new RoutedModels(router, endpoints, config).list();
    JsonArrayBuilder data = JsonSupport.arrayBuilder();
    boolean anthropic = anthropicVersion != null;
    for (RoutedModels.RoutedModel m : models) {
      data.add(anthropic ? anthropic(m) : openAi(m));
    }
    if (!anthropic) {
      return JsonSupport.objectBuilder().add("object", "list").add("data", data).build().toString();
    }
    JsonObjectBuilder page = JsonSupport.objectBuilder().add("data", data).add("has_more", false);
    if (models.isEmpty()) {
      page.addNull("first_id").addNull("last_id");
    } else {
      page.add("first_id", models.get(0).id()).add("last_id", models.get(models.size() - 1).id());
    }
    return page.build().toString();
  }

  @GET
  @Path("{id: .+}")
  public String get(
      @PathParam("id") String id,
      @HeaderParam(IngressHeaders.ANTHROPIC_VERSION) String anthropicVersion) {
    RoutedModels.RoutedModel model =
        new RoutedModels(router, endpoints, config)
            .find(id)
            .orElseThrow(() -> new ApiException(404, "The model '" + id + "' does not exist."));
    return (anthropicVersion != null ? anthropic(model) : openAi(model)).build().toString();
  }

  private static JsonObjectBuilder openAi(RoutedModels.RoutedModel m) {
    return JsonSupport.objectBuilder()
        .add("id", m.id())
        .add("object", "model")
        .add("created", STARTED.getEpochSecond())
        .add("owned_by", m.ownedBy());
  }

  private static JsonObjectBuilder anthropic(RoutedModels.RoutedModel m) {
    return JsonSupport.objectBuilder()
        .add("type", "model")
        .add("id", m.id())
        .add("display_name", m.displayName())
        .add("created_at", STARTED.toString());
  }
}
