package io.ponybunny.llm.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ponybunny.llm.api.UnknownModelException;
import io.ponybunny.llm.provider.EndpointTarget;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Arquillian (Liberty managed, connecting to the server the build started): the routing CDI beans,
 * deployed in their own archive with their own configuration, injected and exercised inside the
 * server.
 */
@ExtendWith(ArquillianExtension.class)
class ModelRouterArquillianIT {

  @Deployment
  static WebArchive deployment() {
    return ShrinkWrap.create(WebArchive.class, "router-arquillian.war")
        .addClasses(
            ModelRouter.class,
            EndpointRegistry.class,
            EndpointConfig.class,
            EndpointTarget.class,
            Route.class,
            UnknownModelException.class)
        .addAsResource(
            new StringAsset(
                String.join(
                    "\n",
                    "ponybunny.default-model=local/llama3.2",
                    "ponybunny.endpoint.local.protocol=ollama",
                    "ponybunny.endpoint.local.base-url=http://127.0.0.1:11434/",
                    "ponybunny.endpoint.local.key-required=false",
                    "ponybunny.endpoint.paid.protocol=openai",
                    "ponybunny.endpoint.paid.base-url=https://api.example.invalid/v1")),
            "META-INF/microprofile-config.properties")
        .addAsWebInfResource(new StringAsset("<beans bean-discovery-mode=\"all\"/>"), "beans.xml");
  }

  @Inject ModelRouter router;

  @Test
  void routesDirectAndDefaultModels() {
    Route direct = router.route("local/qwen3:8b");
    assertEquals("ollama", direct.protocol());
    assertEquals("qwen3:8b", direct.model());
    assertEquals("http://127.0.0.1:11434", direct.target().baseUrl());
    assertEquals("llama3.2", router.route(null).model());
  }

  @Test
  void refusesUnknownAndKeylessEndpoints() {
    assertThrows(UnknownModelException.class, () -> router.route("missing/x"));
    UnknownModelException e =
        assertThrows(UnknownModelException.class, () -> router.route("paid/gpt-4o"));
    assertEquals(true, e.getMessage().contains("no API key"));
  }
}
