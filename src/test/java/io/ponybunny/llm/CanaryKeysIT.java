package io.ponybunny.llm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The IT server runs with canary API keys and a canary admin password (see the pom); the test adds
 * the secrets of identity: the ITs' API key, a session cookie, a JWT and a wrong password tried at
 * sign-in. Successes, provider errors, timeouts, failed sign-ins, refused credentials and the
 * providers listing must show none of them: not in a response body, not in a WebSocket frame, not
 * in any server log file, not in the console bundle.
 */
class CanaryKeysIT {

  private static final List<String> CANARIES =
      new ArrayList<>(List.of(System.getProperty("it.canary.keys", "").split(",")));

  @Test
  void canaryKeysNeverLeak() throws Exception {
    assertTrue(CANARIES.size() >= 4 && !CANARIES.get(0).isBlank(), "canaries configured");
    List<String> bodies = new ArrayList<>();
    String goal = "canary-" + System.nanoTime();
    try (WsClient ws = WsClient.open("/ws/goals/" + goal);
        WsClient all = WsClient.open("/ws/streams")) {
      String last = null;
      for (String model :
          List.of(
              "openai/gpt-4o-mini~tps=0",
              "sim/echo~tps=0",
              "faults/x~status=401",
              "faults/x~tps=0~error-after-chunks=2",
              "faults/x~stall-first-ms=2000")) {
        HttpResponse<String> r =
            TestServer.postJson(
                "/api/completions",
                TestServer.completionBody(
                    model, goal, "Leak nothing", "\"firstTokenTimeoutMs\":1000"));
        bodies.add(r.body());
        last = TestServer.json(r.body()).getString("requestId");
      }
      bodies.add(TestServer.get("/api/providers").body());
      bodies.addAll(identitySecretsAtWork());
      bodies.add(TestServer.get("/api/openapi").body());
      bodies.add(TestServer.get("/health/ready").body());
      ws.awaitTerminal(last, Duration.ofSeconds(30));
      all.awaitTerminal(last, Duration.ofSeconds(30));
      bodies.add(ws.frames().toString());
      bodies.add(all.frames().toString());
    }
    for (String body : bodies) {
      assertNoCanary("an HTTP body or WebSocket frame", body);
    }
    Path logs = TestServer.SERVER_DIR.resolve("logs");
    assertTrue(Files.isDirectory(logs), "server logs at " + logs);
    int files = scan(logs);
    assertTrue(files > 0, "log files were read");
    Path bundle = Path.of("webui/dist");
    if (Files.isDirectory(bundle)) {
      scan(bundle);
    }
  }

  /** Uses every kind of credential, good and bad, and adds its secret to the canaries. */
  private static List<String> identitySecretsAtWork() throws Exception {
    List<String> bodies = new ArrayList<>();
    String key = TestServer.authorization().substring("Bearer ".length());
    TestServer.Session session = TestServer.login("admin", TestServer.ADMIN_PASSWORD);
    String wrong = "canary-wrong-password-" + System.nanoTime();
    String jwt = io.ponybunny.security.JwtITTokens.operator("canary-service");
    CANARIES.addAll(List.of(key, session.cookie().substring("pb_session=".length()), wrong, jwt));
    bodies.add(TestServer.sendRaw(session.request("/api/auth/me").GET().build()).body());
    bodies.add(
        TestServer.sendRaw(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(TestServer.HTTP + "/api/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"admin\",\"password\":\"" + wrong + "\"}"))
                    .build())
            .body());
    for (String bearer : List.of(jwt, jwt + "x", key + "x")) {
      bodies.add(
          TestServer.sendRaw(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(TestServer.HTTP + "/api/auth/me"))
                      .header("Authorization", "Bearer " + bearer)
                      .build())
              .body());
    }
    bodies.add(TestServer.get("/api/audit?size=200").body());
    bodies.add(TestServer.get("/api/keys").body());
    return bodies;
  }

  private static int scan(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      assertNoCanary(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
    }
    return files.size();
  }

  private static void assertNoCanary(String where, String text) {
    for (String canary : CANARIES) {
      assertFalse(text.contains(canary), "the key " + canary + " leaked into " + where);
    }
  }
}
