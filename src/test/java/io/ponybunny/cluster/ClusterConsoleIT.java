package io.ponybunny.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.ClusterNodes;
import io.ponybunny.testing.Haproxy;
import io.ponybunny.testing.TestServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The console in Chromium through HAProxy while the instance serving its socket is killed (issue
 * 19): with node2 and node3 drained, the console's page and WebSocket land on node1; the browser
 * test {@code webui/e2e/cluster/console-failover.spec.ts} then puts node3 back in rotation (through
 * HAProxy's admin socket), starts a stream on node2 directly, kills node1 mid-stream and checks
 * that the console reconnects through HAProxy to node3, resumes there in the same epoch without a
 * snapshot (the missed events replayed) and shows the stream completed with exactly the text of the
 * completion's answer. This test runs it as a child process ({@code npx playwright test -c
 * playwright.cluster.config.ts}) and passes only when it exited 0 and its JSON report shows that
 * one test passed (a skip fails it). Every node that is down afterwards is started again for the
 * tests after this one.
 */
class ClusterConsoleIT {

  private static final Path WEBUI = Path.of("webui");

  /** The browser test's output (report, screenshots, traces, its sign-in state, its log). */
  private static final Path OUT = Path.of("target", "e2e-cluster").toAbsolutePath();

  private static final Duration RUN = Duration.ofMinutes(5);

  /** The node the console lands on (and that is killed), the one that runs the stream. */
  private static final int SERVING = 1;

  @Test
  void theConsoleResumesOnAnotherInstanceWhenTheOneServingItsSocketIsKilled() throws Exception {
    try (Haproxy haproxy = ClusterNodes.startHaproxy()) {
      for (int n : ClusterNodes.numbers()) {
        if (n != SERVING) {
          haproxy.setState(ClusterNodes.name(n), Haproxy.AdminState.DRAIN);
          assertEquals("DRAIN", haproxy.state(ClusterNodes.name(n)));
        }
      }
      Path report = OUT.resolve("e2e-report/report.json");
      Files.deleteIfExists(report);
      Path log = OUT.resolve("playwright.log");
      int exit = runPlaywright(haproxy, log);

      String output = tail(log, 80);
      assertEquals(0, exit, "the browser test failed:\n" + output);
      assertTrue(Files.exists(report), "no report at " + report + ":\n" + output);
      JsonObject json = TestServer.json(Files.readString(report));
      JsonObject stats = json.getJsonObject("stats");
      assertEquals(
          Map.of("expected", 1, "unexpected", 0, "skipped", 0, "flaky", 0),
          Map.of(
              "expected", stats.getInt("expected"),
              "unexpected", stats.getInt("unexpected"),
              "skipped", stats.getInt("skipped"),
              "flaky", stats.getInt("flaky")),
          output);
      assertEquals(List.of("passed"), statuses(json), output);
    } finally {
      for (int n : ClusterNodes.numbers()) {
        if (!listening(n)) {
          ClusterNodes.start(n);
        }
      }
    }
  }

  /** Runs the cluster's browser test against {@code haproxy}; returns its exit code. */
  private static int runPlaywright(Haproxy haproxy, Path log) throws Exception {
    Files.createDirectories(OUT);
    StringJoiner nodes = new StringJoiner(",");
    nodes.add(ClusterNodes.name(SERVING) + "=" + ClusterNodes.url(SERVING));
    for (int n : ClusterNodes.numbers()) {
      if (n != SERVING) {
        nodes.add(ClusterNodes.name(n) + "=" + ClusterNodes.url(n));
      }
    }
    ProcessBuilder pb =
        new ProcessBuilder("npx", "playwright", "test", "-c", "playwright.cluster.config.ts")
            .directory(WEBUI.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("PONYBUNNY_BASE_URL", haproxy.url());
    env.put("PONYBUNNY_E2E_OUT", OUT.toString());
    env.put("PONYBUNNY_E2E_USER", "admin");
    env.put("PONYBUNNY_E2E_PASSWORD", TestServer.ADMIN_PASSWORD);
    env.put("PONYBUNNY_CLUSTER_NODES", nodes.toString());
    env.put("PONYBUNNY_CLUSTER_WLP", ClusterNodes.WLP_HOME.toAbsolutePath().toString());
    env.put("PONYBUNNY_HAPROXY_SOCKET", haproxy.adminSocket().toString());
    env.put("PONYBUNNY_HAPROXY_BACKEND", Haproxy.BACKEND);
    Process p = pb.start();
    if (!p.waitFor(RUN.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError(
          "the browser test did not end within " + RUN + ":\n" + tail(log, 80));
    }
    return p.exitValue();
  }

  /** The status of every test's last result in a Playwright JSON report. */
  private static List<String> statuses(JsonObject report) {
    List<String> out = new ArrayList<>();
    collect(report, out);
    return out;
  }

  private static void collect(JsonObject suiteOrReport, List<String> out) {
    for (JsonValue spec : arrayOrEmpty(suiteOrReport, "specs")) {
      for (JsonValue test : spec.asJsonObject().getJsonArray("tests")) {
        List<JsonValue> results = test.asJsonObject().getJsonArray("results");
        out.add(
            results.isEmpty()
                ? "not run"
                : results.get(results.size() - 1).asJsonObject().getString("status"));
      }
    }
    for (JsonValue suite : arrayOrEmpty(suiteOrReport, "suites")) {
      collect(suite.asJsonObject(), out);
    }
  }

  private static List<JsonValue> arrayOrEmpty(JsonObject object, String name) {
    return object.containsKey(name) ? object.getJsonArray(name) : List.of();
  }

  /** Whether node {@code n} answers HTTP at all (a killed node refuses the connection). */
  private static boolean listening(int n) {
    try {
      TestServer.http()
          .send(
              HttpRequest.newBuilder(URI.create(ClusterNodes.url(n) + "/health/ready"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The last {@code lines} lines of {@code file}, or a note that it is missing. */
  private static String tail(Path file, int lines) throws IOException {
    if (!Files.exists(file)) {
      return "(no " + file + ")";
    }
    List<String> all = Files.readAllLines(file);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
