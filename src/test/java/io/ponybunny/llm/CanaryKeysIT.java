package io.ponybunny.llm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsRecorder;
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
 * The IT server runs with canary API keys (see the pom). Successes, provider errors, timeouts and
 * the providers listing must show none of them: not in a response body, not in a WebSocket frame,
 * not in any server log file, not in the console bundle.
 */
class CanaryKeysIT {

  private static final List<String> CANARIES =
      List.of(System.getProperty("it.canary.keys", "").split(","));

  @Test
  void canaryKeysNeverLeak() throws Exception {
    assertTrue(CANARIES.size() >= 3 && !CANARIES.get(0).isBlank(), "canaries configured");
    List<String> bodies = new ArrayList<>();
    String goal = "canary-" + System.nanoTime();
    try (WsRecorder ws = WsRecorder.open("/ws/goals/" + goal);
        WsRecorder all = WsRecorder.open("/ws/streams")) {
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
                    model, goal, "Leak nothing", "\"firstTokenTimeoutMs\":200"));
        bodies.add(r.body());
        last = TestServer.json(r.body()).getString("requestId");
      }
      bodies.add(TestServer.get("/api/providers").body());
      bodies.add(TestServer.get("/openapi").body());
      bodies.add(TestServer.get("/health/ready").body());
      ws.awaitTerminal(last, Duration.ofSeconds(30));
      all.awaitTerminal(last, Duration.ofSeconds(30));
      bodies.add(ws.frames().toString());
      bodies.add(all.frames().toString());
    }
    for (String body : bodies) {
      assertNoCanary("an HTTP body or WebSocket frame", body);
    }
    Path logs =
        Path.of(System.getProperty("ponybunny.wlp.home", "target/liberty/wlp"))
            .resolve("usr/servers/defaultServer/logs");
    assertTrue(Files.isDirectory(logs), "server logs at " + logs);
    int files = scan(logs);
    assertTrue(files > 0, "log files were read");
    Path bundle = Path.of("webui/dist");
    if (Files.isDirectory(bundle)) {
      scan(bundle);
    }
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
