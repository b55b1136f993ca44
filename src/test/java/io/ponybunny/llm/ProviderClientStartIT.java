package io.ponybunny.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.LocalJmx;
import io.ponybunny.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;

/**
 * A burst of streams right after the application starts shares the provider client's one HTTP
 * engine (and its connection pool). Liberty's RESTEasy client creates the engine lazily with an
 * unguarded compare-and-set, so without {@link ProviderHttpClient} creating it up front every
 * concurrent first request built an engine of its own and all but one were dropped unclosed.
 */
class ProviderClientStartIT {

  private static final String ENGINE =
      "org.jboss.resteasy.client.jaxrs.engines.ApacheHttpClient43Engine";
  private static final int BURST = 16;

  @Test
  void aBurstOfFirstStreamsBuildsOneHttpEngine() throws Exception {
    try (JMXConnector jmx = LocalJmx.connect()) {
      MBeanServerConnection server = jmx.getMBeanServerConnection();
      LocalJmx.restart(server); // a new application: a new provider client, no engine yet
      long before = LocalJmx.instancesWithoutGc(server, ENGINE);
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < BURST; i++) {
        calls.add(
            TestServer.postJsonAsync(
                "/api/completions",
                TestServer.completionBody("sim/x", null, "first burst " + i, null)));
      }
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        assertEquals(200, call.get(120, TimeUnit.SECONDS).statusCode());
      }
      long built = LocalJmx.instancesWithoutGc(server, ENGINE) - before;
      assertTrue(built <= 1, BURST + " concurrent first streams built " + built + " engines");
    }
  }
}
