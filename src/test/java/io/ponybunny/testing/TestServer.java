package io.ponybunny.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The Liberty server the integration tests run against (started by the liberty-maven-plugin). */
public final class TestServer {

  public static final int PORT = Integer.getInteger("it.http.port", 9080);
  public static final String HTTP = "http://localhost:" + PORT;
  public static final String WS = "ws://localhost:" + PORT;

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestServer() {}

  public static HttpClient http() {
    return CLIENT;
  }

  /** POSTs JSON and returns the response (status, body). */
  public static HttpResponse<String> postJson(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(HTTP + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  public static HttpResponse<String> get(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(HTTP + path)).timeout(Duration.ofSeconds(30)).build());
  }

  public static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A streamed chat completion body for one user message. */
  public static String completionBody(String model, String goalId, String prompt, String extra) {
    return "{"
        + (model == null ? "" : "\"model\":\"" + model + "\",")
        + "\"messages\":[{\"role\":\"user\",\"content\":\""
        + prompt
        + "\"}],"
        + (goalId == null ? "" : "\"goalId\":\"" + goalId + "\",")
        + (extra == null || extra.isEmpty() ? "" : extra + ",")
        + "\"stream\":true}";
  }

  /** Starts a POST without waiting for it. */
  public static java.util.concurrent.CompletableFuture<HttpResponse<String>> postJsonAsync(
      String path, String json) {
    return CLIENT.sendAsync(
        HttpRequest.newBuilder(URI.create(HTTP + path))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** What the simulator observed for a scenario id ({@code GET /sim/requests/{id}}). */
  public static JsonObject simRequests(String id) {
    return json(get("/sim/requests/" + id).body());
  }

  public static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
