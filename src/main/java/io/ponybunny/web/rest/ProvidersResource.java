package io.ponybunny.web.rest;

import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.routing.CircuitBreakers;
import io.ponybunny.llm.routing.EndpointConfig;
import io.ponybunny.llm.routing.EndpointRegistry;
import io.ponybunny.llm.routing.ModelRouter;
import io.ponybunny.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/providers}: the configured endpoints (usable or not, and why), their circuit
 * state, the configured models and the tiers. Never a key.
 */
@Path("/providers")
@RequestScoped
@RolesAllowed(Role.VIEWER_NAME)
public class ProvidersResource {

  private static final String MODEL_PREFIX = "ponybunny.model.";

  @Inject EndpointRegistry endpoints;
  @Inject ModelRouter router;
  @Inject CircuitBreakers circuits;
  @Inject Config config;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Endpoints, models and tiers, and why an endpoint is unusable")
  public String providers() {
    JsonArrayBuilder eps = JsonSupport.arrayBuilder();
    for (EndpointConfig e : endpoints.list()) {
      JsonObjectBuilder b =
          JsonSupport.objectBuilder()
              .add("id", e.id())
              .add("protocol", e.protocol())
              .add("baseUrl", e.baseUrl() == null ? "" : e.baseUrl())
              .add("enabled", e.enabled())
              .add("usable", e.usable())
              .add("hasKey", e.apiKey() != null)
              .add("firstTokenTimeoutMs", e.firstTokenTimeout().toMillis())
              .add("idleTimeoutMs", e.idleTimeout().toMillis())
              .add("maxRetries", e.maxRetries())
              .add("circuit", circuits.forEndpoint(e.id()).state().wireName());
      if (e.disabledReason() != null) {
        b.add("disabledReason", e.disabledReason());
      }
      eps.add(b);
    }
    JsonArrayBuilder models = JsonSupport.arrayBuilder();
    for (String name : router.modelNames()) {
      JsonArrayBuilder list = JsonSupport.arrayBuilder();
      router.modelEndpoints(name).forEach(list::add);
      JsonObjectBuilder m =
          JsonSupport.objectBuilder()
              .add("name", name)
              .add("displayName", value(MODEL_PREFIX + name + ".display-name", name))
              .add("endpoints", list);
      config
          .getOptionalValue(MODEL_PREFIX + name + ".context-size", Integer.class)
          .ifPresent(v -> m.add("contextSize", v));
      config
          .getOptionalValue(MODEL_PREFIX + name + ".cost-per-1k-tokens", Double.class)
          .ifPresent(v -> m.add("costPer1kTokens", v));
      models.add(m);
    }
    JsonArrayBuilder tiers = JsonSupport.arrayBuilder();
    for (String tier : ModelRouter.TIERS) {
      JsonObjectBuilder t = JsonSupport.objectBuilder().add("name", tier);
      config
          .getOptionalValue("ponybunny.tier." + tier + ".primary", String.class)
          .ifPresent(v -> t.add("primary", v));
      config
          .getOptionalValue("ponybunny.tier." + tier + ".fallback", String.class)
          .ifPresent(v -> t.add("fallback", v));
      tiers.add(t);
    }
    return JsonSupport.objectBuilder()
        .add("defaultModel", router.defaultModel())
        .add("endpoints", eps)
        .add("models", models)
        .add("tiers", tiers)
        .build()
        .toString();
  }

  private String value(String key, String fallback) {
    return config.getOptionalValue(key, String.class).orElse(fallback);
  }
}
