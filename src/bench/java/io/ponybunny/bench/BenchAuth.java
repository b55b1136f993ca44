package io.ponybunny.bench;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The benchmarks run authenticated, as a deployment would: an admin API key, made once by signing
 * in as the bench server's bootstrap admin ({@code -Dbench.admin.password}, the ITs' password), is
 * sent on every PonyBunny request and socket handshake.
 */
final class BenchAuth {

  private static volatile String authorization;

  private BenchAuth() {}

  /** {@code Bearer <key>} for PonyBunny on {@code port}. */
  static String authorization(int port) {
    String a = authorization;
    if (a == null) {
      synchronized (BenchAuth.class) {
        a = authorization;
        if (a == null) {
          a = "Bearer " + createKey(port);
          authorization = a;
        }
      }
    }
    return a;
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
