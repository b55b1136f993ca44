package io.ponybunny.testing;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Liberty server the build started for the ITs, driven through its own scripts: the one way the
 * restart ITs stop, start and kill a server. The methods without a server name act on the IT server
 * ({@link TestServer#SERVER_NAME} under {@link TestServer#WLP_HOME}); the others on any server of a
 * Liberty installation (the cluster ITs' nodes, {@link ClusterNodes}).
 */
public final class LibertyServer {

  private static final Duration WAIT = Duration.ofSeconds(180);

  private LibertyServer() {}

  /** {@code bin/server <action> <server>} (start, stop) on the IT server. */
  public static void run(String action) {
    run(TestServer.WLP_HOME, TestServer.SERVER_NAME, action);
  }

  /**
   * {@code bin/server <action> <server>} (start, stop) of the Liberty installation at {@code
   * wlpHome}, failing unless it succeeds; its output goes to {@code <wlpHome>/../<server>-<action>
   * .log}.
   */
  public static void run(Path wlpHome, String server, String action) {
    File home = wlpHome.toFile();
    File log = new File(home, "../" + server + "-" + action + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(new File(home, "bin/server").getAbsolutePath(), action, server)
            .redirectErrorStream(true)
            .redirectOutput(log);
    if (System.getenv("JAVA_HOME") == null) {
      pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    }
    try {
      Process p = pb.start();
      if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("server " + action + " " + server + " failed, see " + log);
      }
    } catch (IOException e) {
      throw new AssertionError("server " + action + " " + server + " did not run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Stops and starts the IT server, then waits until it serves the API. */
  public static void restart() {
    run("stop");
    run("start");
    awaitReady();
  }

  /** {@link #kill9(Path, String)} on the IT server. */
  public static void kill9() {
    kill9(TestServer.WLP_HOME, TestServer.SERVER_NAME);
  }

  /**
   * {@code kill -9} on the JVM of {@code server} of the Liberty installation at {@code wlpHome}: no
   * shutdown hook, no graceful stop, like a crash or an out-of-memory kill. Returns once the
   * process is gone.
   */
  public static void kill9(Path wlpHome, String server) {
    Path pidFile = wlpHome.resolve("usr/servers/.pid/" + server + ".pid");
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      ProcessHandle process =
          ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
      if (!process.destroyForcibly()) {
        throw new AssertionError("could not kill " + pid);
      }
      process.onExit().get(60, TimeUnit.SECONDS);
      // The start script refuses to start while its pid file names a live process only; a
      // killed server leaves the file behind, which the next start replaces.
    } catch (Exception e) {
      throw new AssertionError("kill -9 of server " + server + " failed", e);
    }
  }

  /** Waits until the IT server answers the API with the ITs' admin credential. */
  public static void awaitReady() {
    awaitReady(TestServer.at(TestServer.HTTP));
  }

  /** Waits until {@code server} answers the API ({@code GET /api/goals}) with its admin key. */
  public static void awaitReady(TestServer.Api server) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = server.get("/api/goals?size=1");
        if (r.statusCode() == 200) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      try {
        Thread.sleep(250); // polling a process we do not own: there is no event to wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError(server + " did not come up within " + WAIT);
  }
}
