package io.ponybunny.testing;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Liberty server the build started for the ITs, driven through its own scripts: the one way the
 * restart ITs stop, start and kill it.
 */
public final class LibertyServer {

  private static final Duration WAIT = Duration.ofSeconds(180);

  private LibertyServer() {}

  /** {@code bin/server <action> <server>} (start, stop), failing unless it succeeds. */
  public static void run(String action) {
    File home = TestServer.WLP_HOME.toFile();
    File log = new File(home, "../" + TestServer.SERVER_NAME + "-" + action + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                new File(home, "bin/server").getAbsolutePath(), action, TestServer.SERVER_NAME)
            .redirectErrorStream(true)
            .redirectOutput(log);
    if (System.getenv("JAVA_HOME") == null) {
      pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    }
    try {
      Process p = pb.start();
      if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("server " + action + " failed, see " + log);
      }
    } catch (IOException e) {
      throw new AssertionError("server " + action + " did not run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Stops and starts the server, then waits until it serves the API. */
  public static void restart() {
    run("stop");
    run("start");
    awaitReady();
  }

  /**
   * {@code kill -9} on the server's JVM: no shutdown hook, no graceful stop, like a crash or an
   * out-of-memory kill. Returns once the process is gone.
   */
  public static void kill9() {
    Path pidFile =
        TestServer.WLP_HOME.resolve("usr/servers/.pid/" + TestServer.SERVER_NAME + ".pid");
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
      throw new AssertionError("kill -9 of the server failed", e);
    }
  }

  /** Waits until the server answers the API with the ITs' admin credential. */
  public static void awaitReady() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = TestServer.get("/api/goals?size=1");
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
    throw new AssertionError("the server did not come up within " + WAIT);
  }
}
