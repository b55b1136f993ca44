package io.ponybunny.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster ITs' HAProxy against three small HTTP servers of the JDK: requests go round robin to
 * all of them and name the one that answered; a server that is gone or not ready is left out (its
 * requests go to the others) and taken back once it is ready again.
 */
class HaproxyTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path dir;

  private final List<Fake> fakes = new ArrayList<>();
  private Haproxy haproxy;

  /**
   * A server that answers its name, and readiness 200 or 503; it counts requests that ask to
   * upgrade to cleartext HTTP/2.
   */
  private record Fake(String name, HttpServer server, AtomicBoolean ready, AtomicInteger h2c) {
    static Fake start(String name) throws IOException {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      AtomicBoolean ready = new AtomicBoolean(true);
      AtomicInteger h2c = new AtomicInteger();
      server.createContext(
          "/health/ready", e -> answer(e, ready.get() ? 200 : 503, ready.get() ? "UP" : "DOWN"));
      server.createContext(
          "/",
          e -> {
            if ("h2c".equalsIgnoreCase(e.getRequestHeaders().getFirst("Upgrade"))) {
              h2c.incrementAndGet();
            }
            answer(e, 200, name);
          });
      server.start();
      return new Fake(name, server, ready, h2c);
    }

    int port() {
      return server.getAddress().getPort();
    }

    private static void answer(HttpExchange e, int status, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      e.sendResponseHeaders(status, bytes.length);
      e.getResponseBody().write(bytes);
      e.close();
    }
  }

  @BeforeEach
  void start() throws IOException {
    List<Haproxy.Backend> backends = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      Fake f = Fake.start(name);
      fakes.add(f);
      backends.add(new Haproxy.Backend(name, f.port()));
    }
    haproxy = Haproxy.start(dir, freePort(), backends);
    for (Fake f : fakes) {
      haproxy.awaitState(f.name(), "UP", WAIT);
    }
  }

  @AfterEach
  void stop() {
    if (haproxy != null) {
      haproxy.close();
    }
    fakes.forEach(f -> f.server().stop(0));
  }

  @Test
  void requestsGoRoundRobinToEveryServerAndNameTheOneThatAnswered() throws Exception {
    Map<String, Integer> served = served(12);
    assertEquals(Map.of("a", 4, "b", 4, "c", 4), served);
  }

  @Test
  void aRequestToUpgradeToCleartextHttp2StaysOnHttp1() throws Exception {
    // Java's client asks every server it has not talked to yet to upgrade (h2c); a server that
    // agreed would pin the connection, and every later request on it, to itself.
    HttpResponse<String> r =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(haproxy.url() + "/api/anything")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertEquals(HttpClient.Version.HTTP_1_1, r.version());
    fakes.forEach(f -> assertEquals(0, f.h2c().get(), f.name() + " was asked to upgrade"));
  }

  @Test
  void aServerThatIsGoneIsLeftOutAtOnceAndMarkedDown() throws Exception {
    fakes.get(1).server().stop(0);

    // Before the checks notice, a refused connection is tried on another server.
    Map<String, Integer> served = served(12);
    assertEquals(12, served.values().stream().mapToInt(Integer::intValue).sum());
    assertEquals(List.of("a", "c"), List.copyOf(served.keySet()));
    haproxy.awaitState("b", "DOWN", WAIT);
  }

  @Test
  void aServerThatIsNotReadyGetsNoRequestsUntilItIsReadyAgain() throws Exception {
    fakes.get(2).ready().set(false);
    haproxy.awaitState("c", "DOWN", WAIT);
    assertEquals(List.of("a", "b"), List.copyOf(served(8).keySet()));

    fakes.get(2).ready().set(true);
    haproxy.awaitState("c", "UP", WAIT);
    assertEquals(List.of("a", "b", "c"), List.copyOf(served(9).keySet()));
  }

  @Test
  void aDrainedServerGetsNoRequestsUntilItIsReadyAgain() throws Exception {
    haproxy.setState("a", Haproxy.AdminState.DRAIN);
    haproxy.setState("c", Haproxy.AdminState.DRAIN);
    assertEquals("DRAIN", haproxy.state("a"));
    assertEquals("DRAIN", haproxy.state("c"));
    assertEquals(Map.of("b", 9), served(9));

    haproxy.setState("c", Haproxy.AdminState.READY);
    assertEquals("UP", haproxy.state("c"));
    assertEquals(Map.of("b", 4, "c", 4), served(8));
    haproxy.setState("a", Haproxy.AdminState.READY);
    assertEquals(Map.of("a", 3, "b", 3, "c", 3), served(9));
  }

  @Test
  void aStateForAServerItDoesNotHaveIsRefused() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> haproxy.setState("nobody", Haproxy.AdminState.DRAIN));
    assertTrue(refused.getMessage().contains("nobody"), refused.getMessage());
    fakes.forEach(f -> assertEquals("UP", haproxy.state(f.name())));
  }

  @Test
  void theConfigurationHasNoStickiness() {
    String config = Haproxy.config(1, List.of(new Haproxy.Backend("a", 2)), Path.of("/s"));
    List<String> directives =
        config.lines().map(String::trim).filter(l -> !l.startsWith("#")).toList();
    for (String sticky : List.of("cookie", "stick", "balance source", "hash-type")) {
      assertFalse(directives.stream().anyMatch(d -> d.startsWith(sticky)), sticky + ":\n" + config);
    }
    assertTrue(directives.contains("balance roundrobin"), config);
    assertTrue(directives.contains("timeout tunnel 1h"), config);
  }

  /** Sends {@code n} requests through HAProxy; counts the answers by server (all must be 200). */
  private Map<String, Integer> served(int n) throws Exception {
    Map<String, Integer> served = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(haproxy.url() + "/api/anything"))
                  .timeout(WAIT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      String by = r.headers().firstValue(Haproxy.SERVED_BY).orElse("none");
      assertEquals(r.body(), by, "the header names the server that answered");
      served.merge(by, 1, Integer::sum);
    }
    assertNotEquals(0, served.size());
    return served;
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
