package io.ponybunny.testing;

import jakarta.json.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * Local accounts and API keys the ITs act as, created through the admin API on the IT server: each
 * test class gets principals of its own.
 */
public final class Principals {

  /** A principal: its name, role, password and an API key of its own. */
  public record Principal(String name, String role, String password, String keyId, String key) {
    public String bearer() {
      return "Bearer " + key;
    }
  }

  private Principals() {}

  /** Creates a local account in {@code role} with an API key of the same role. */
  public static Principal create(String prefix, String role) {
    return create(TestServer.at(TestServer.HTTP), prefix, role);
  }

  /** As {@link #create(String, String)} through the server (or load balancer) {@code server}. */
  public static Principal create(TestServer.Api server, String prefix, String role) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    HttpResponse<String> user =
        TestServer.send(
            server
                .request("/api/users")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder()
                            .add("username", name)
                            .add("password", password)
                            .add("role", role)
                            .build()
                            .toString()))
                .build());
    if (user.statusCode() != 201) {
      throw new IllegalStateException("user " + name + ": " + user.statusCode() + user.body());
    }
    HttpResponse<String> key = createKey(server, name, role);
    if (key.statusCode() != 201) {
      throw new IllegalStateException("key for " + name + ": " + key.statusCode() + key.body());
    }
    var k = TestServer.json(key.body());
    return new Principal(name, role, password, k.getString("id"), k.getString("secret"));
  }

  /** {@code POST /api/keys} for {@code owner} as the caller {@code authorization}. */
  public static HttpResponse<String> createKey(String owner, String role, String authorization) {
    return createKey(TestServer.HTTP, owner, role, authorization);
  }

  private static HttpResponse<String> createKey(TestServer.Api server, String owner, String role) {
    return createKey(server.baseUrl(), owner, role, server.authorization());
  }

  private static HttpResponse<String> createKey(
      String baseUrl, String owner, String role, String authorization) {
    return TestServer.sendRaw(
        HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/api/keys"))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.createObjectBuilder()
                        .add("name", "key of " + owner)
                        .add("owner", owner)
                        .add("role", role)
                        .build()
                        .toString()))
            .build());
  }

  /**
   * Creates an API key of {@code owner} with limits of its own (null: the owner's) as the ITs'
   * admin; returns its secret.
   */
  public static String limitedKey(
      String owner, String role, Integer requestsPerMinute, Integer streams, Long tokensPerDay) {
    var body =
        Json.createObjectBuilder().add("name", "limited key").add("owner", owner).add("role", role);
    if (requestsPerMinute != null) {
      body.add("requestsPerMinute", requestsPerMinute);
    }
    if (streams != null) {
      body.add("concurrentStreams", streams);
    }
    if (tokensPerDay != null) {
      body.add("tokensPerDay", tokensPerDay);
    }
    HttpResponse<String> r = TestServer.postJson("/api/keys", body.build().toString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException(
          "limited key for " + owner + ": " + r.statusCode() + r.body());
    }
    return TestServer.json(r.body()).getString("secret");
  }

  /** Revokes a key as the ITs' admin. */
  public static int revoke(String keyId) {
    return TestServer.send(TestServer.request("/api/keys/" + keyId).DELETE().build()).statusCode();
  }

  /** Sends {@code method path} with {@code authorization} (null: none) and a JSON body. */
  public static HttpResponse<String> call(
      String method, String path, String authorization, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(java.net.URI.create(TestServer.HTTP + path))
            .timeout(java.time.Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return TestServer.sendRaw(b.build());
  }
}
