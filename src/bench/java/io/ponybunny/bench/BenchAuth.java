package io.ponybunny.bench;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmarks run authenticated, as a deployment would: an admin API key, made once per server
 * by signing in as its bootstrap admin ({@code -Dbench.admin.password}, the ITs' password), is sent
 * on every PonyBunny request and socket handshake. The instances of a cluster share their database,
 * so they share one key ({@link #sameKey}).
 */
final class BenchAuth {

  private static final Map<Integer, String> AUTHORIZATION = new ConcurrentHashMap<>();
  private static final Map<Integer, Integer> KEY_PORT = new ConcurrentHashMap<>();

  private BenchAuth() {}

  /**
   * {@code Bearer <key>} for PonyBunny on {@code port}, made on the first call for that port (or
   * for the port it shares a key with). The first call signs in over HTTP: make it before sockets
   * to {@code port} open on the selector thread.
   */
  static String authorization(int port) {
    int keyPort = KEY_PORT.getOrDefault(port, port);
    return AUTHORIZATION.computeIfAbsent(keyPort, p -> "Bearer " + createKey(p));
  }

  /**
   * Requests to {@code port} carry the key made on {@code keyPort}: both are instances of one
   * cluster, on one database.
   */
  static void sameKey(int port, int keyPort) {
    if (port != keyPort) {
      KEY_PORT.put(port, keyPort);
    }
  }

  private static String createKey(int port) {
    String base = "http://localhost:" + port;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    try {
      HttpResponse<String> login =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"username\":\"admin\",\"password\":\""
                              + System.getProperty("bench.admin.password", "")
                              + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (login.statusCode() != 200) {
        throw new IllegalStateException("bench sign-in failed: " + login.statusCode());
      }
      String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
      String csrf = json(login.body()).getString("csrfToken");
      HttpResponse<String> key =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/keys"))
                  .header("Content-Type", "application/json")
                  .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                  .header("X-CSRF-Token", csrf)
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"benchmarks\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (key.statusCode() != 201) {
        throw new IllegalStateException("bench key: " + key.statusCode());
      }
      return json(key.body()).getString("secret");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static jakarta.json.JsonObject json(String text) {
    try (var r = jakarta.json.Json.createReader(new StringReader(text))) {
      return r.readObject();
    }
  }
}
