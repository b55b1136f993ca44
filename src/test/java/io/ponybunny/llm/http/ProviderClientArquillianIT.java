package io.ponybunny.llm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
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

  /**
   * The pool checks a kept-alive connection before it reuses it only after two idle seconds: a
   * request on a connection the provider closed after its last answer fails as {@link
   * ProviderHttpClient#unanswered} — which the call sends again at once — and the next request goes
   * out on a new connection.
   */
  @Test
  void aRequestOnAKeptAliveConnectionTheProviderClosedFailsAsUnanswered() throws Exception {
    try (java.net.ServerSocket provider =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      CountDownLatch firstClosed = new CountDownLatch(1);
      java.util.concurrent.atomic.AtomicInteger connections =
          new java.util.concurrent.atomic.AtomicInteger();
      ExecutorService serving = Executors.newSingleThreadExecutor();
      serving.execute(() -> answerOnceAndClose(provider, connections, firstClosed));
      HttpCall call =
          new HttpCall(
              URI.create("http://127.0.0.1:" + provider.getLocalPort() + "/v1/chat/completions"),
              Map.of("content-type", "application/json"),
              "{\"model\":\"x\"}");
      try {
        try (Response first = http.post(call, "application/json").get(30, TimeUnit.SECONDS)) {
          assertEquals(200, first.getStatus());
          assertEquals("{}", first.readEntity(String.class)); // read to its end: back to the pool
        }
        assertTrue(firstClosed.await(30, TimeUnit.SECONDS));
        ExecutionException failed =
            assertThrows(
                ExecutionException.class,
                () -> http.post(call, "application/json").get(30, TimeUnit.SECONDS));
        assertTrue(ProviderHttpClient.unanswered(failed), "not unanswered: " + failed.getCause());
        try (Response again = http.post(call, "application/json").get(30, TimeUnit.SECONDS)) {
          assertEquals(200, again.getStatus());
        }
        assertEquals(2, connections.get(), "the failed request reused the first connection");
      } finally {
        serving.shutdownNow();
      }
    }
  }

  /**
   * Serves each connection of {@code provider} one keep-alive answer, then closes it; counts the
   * connections and opens {@code firstClosed} when the first is closed.
   */
  private static void answerOnceAndClose(
      java.net.ServerSocket provider,
      java.util.concurrent.atomic.AtomicInteger connections,
      CountDownLatch firstClosed) {
    while (!provider.isClosed()) {
      try (java.net.Socket s = provider.accept()) {
        connections.incrementAndGet();
        java.io.InputStream in = s.getInputStream();
        int length = 0;
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
          if (c != '\n') {
            line.append((char) c);
            continue;
          }
          String header = line.toString().trim();
          line.setLength(0);
          if (header.isEmpty()) {
            break;
          }
          if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(header.substring(15).trim());
          }
        }
        in.readNBytes(length);
        s.getOutputStream()
            .write(
                ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
      } catch (java.io.IOException e) {
        return; // the test closed the provider
      }
      firstClosed.countDown();
    }
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
