package io.ponybunny.security;

import io.ponybunny.testing.TestServer;
import jakarta.json.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * Local accounts and API keys the security ITs act as, created through the admin API on the IT
 * server: each test class gets principals of its own.
 */
final class Principals {

  /** A principal: its name, role, password and an API key of its own. */
  record Principal(String name, String role, String password, String keyId, String key) {
    String bearer() {
      return "Bearer " + key;
    }
  }

  private Principals() {}

  /** Creates a local account in {@code role} with an API key of the same role. */
  static Principal create(String prefix, String role) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    HttpResponse<String> user =
        TestServer.send(
            TestServer.request("/api/users")
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
    HttpResponse<String> key = createKey(name, role, TestServer.authorization());
    if (key.statusCode() != 201) {
      throw new IllegalStateException("key for " + name + ": " + key.statusCode() + key.body());
    }
    var k = TestServer.json(key.body());
    return new Principal(name, role, password, k.getString("id"), k.getString("secret"));
  }

  /** {@code POST /api/keys} for {@code owner} as the caller {@code authorization}. */
  static HttpResponse<String> createKey(String owner, String role, String authorization) {
    return TestServer.sendRaw(
        HttpRequest.newBuilder(java.net.URI.create(TestServer.HTTP + "/api/keys"))
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

  /** Revokes a key as the ITs' admin. */
  static int revoke(String keyId) {
    return TestServer.send(TestServer.request("/api/keys/" + keyId).DELETE().build()).statusCode();
  }

  /** Sends {@code method path} with {@code authorization} (null: none) and a JSON body. */
  static HttpResponse<String> call(String method, String path, String authorization, String body) {
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
