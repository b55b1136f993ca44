package io.ponybunny.llm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Arquillian: a fresh {@link ProviderHttpClient}, in its own archive inside the server, sends a
 * burst of concurrent first requests (to the application's simulator). They share one HTTP engine
 * and its connection pool. Liberty's RESTEasy client creates the engine lazily with an unguarded
 * compare-and-set, so before the client created it up front each concurrent first request built an
 * engine of its own (16 here) and all but one were dropped unclosed.
 */
@ExtendWith(ArquillianExtension.class)
class ProviderClientArquillianIT {

  private static final String ENGINE =
      "org.jboss.resteasy.client.jaxrs.engines.ApacheHttpClient43Engine";
  private static final int BURST = 16;

  @Deployment
  static WebArchive deployment() {
    return ShrinkWrap.create(WebArchive.class, "provider-client-arquillian.war")
        .addClasses(ProviderHttpClient.class, HttpCall.class)
        .addAsWebInfResource(new StringAsset("<beans bean-discovery-mode=\"all\"/>"), "beans.xml");
  }

  @Inject ProviderHttpClient http;

  @Test
  void aBurstOfFirstRequestsBuildsOneHttpEngine() throws Exception {
    long before = enginesInHeap();
    HttpCall call =
        new HttpCall(
            URI.create(simulator() + "/chat/completions"),
            Map.of(
                "content-type",
                "application/json",
                // The simulator accepts the keys of the endpoints that point at it.
                "authorization",
                "Bearer " + System.getenv("PONYBUNNY_ENDPOINT_OPENAI_API_KEY")),
            "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    ExecutorService threads = Executors.newFixedThreadPool(BURST);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Response>> responses = new ArrayList<>();
      List<Future<Future<Response>>> posts = new ArrayList<>();
      for (int i = 0; i < BURST; i++) {
        posts.add(
            threads.submit(
                () -> {
                  go.await();
                  return http.post(call, "application/json");
                }));
      }
      go.countDown();
      for (Future<Future<Response>> p : posts) {
        responses.add(p.get(60, TimeUnit.SECONDS));
      }
      for (Future<Response> r : responses) {
        try (Response response = r.get(60, TimeUnit.SECONDS)) {
          assertEquals(200, response.getStatus());
        }
      }
    } finally {
      threads.shutdownNow();
    }
    long built = enginesInHeap() - before;
    assertTrue(built <= 1, BURST + " concurrent first requests built " + built + " engines");
  }

  /** The in-app OpenAI simulator, as the build configures the server's openai endpoint. */
  private static String simulator() {
    // Through MicroProfile Config, as the application reads it (the IT server's environment
    // names the port as ${http.port}).
    return org.eclipse.microprofile.config.ConfigProvider.getConfig()
        .getOptionalValue("ponybunny.endpoint.openai.base-url", String.class)
        .orElse("http://localhost:9080/sim/openai/v1");
  }

  /** Engines in the heap, reachable or not ({@code GC.class_histogram -all}: no collection). */
  private static long enginesInHeap() throws Exception {
    String histogram =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[] {"-all"}},
                    new String[] {String[].class.getName()});
    Matcher m =
        Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+" + Pattern.quote(ENGINE) + "\\s*$")
            .matcher(histogram);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
