package io.ponybunny.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cluster ITs' servers: {@code node1}..{@code nodeN} of the build's Liberty installation, on
 * the ports of the system property {@code it.cluster.ports} (pom profile its-in-cluster), sharing
 * one PostgreSQL database and one Redis ({@code it.cluster.redis.url}); and HAProxy in front of
 * them on {@code it.cluster.lb.port}, which the tests start ({@link #startHaproxy}). Nodes are
 * numbered from 1, as their names are.
 */
public final class ClusterNodes {

  private static final List<Integer> PORTS =
      Arrays.stream(System.getProperty("it.cluster.ports", "9481,9482,9483").split(","))
          .map(String::trim)
          .map(Integer::valueOf)
          .toList();

  /** HAProxy's port. */
  public static final int LB_PORT = Integer.getInteger("it.cluster.lb.port", 9480);

  /** The Redis the nodes share, e.g. {@code redis://127.0.0.1:6390}. */
  public static final String REDIS_URL =
      System.getProperty("it.cluster.redis.url", "redis://127.0.0.1:6390");

  /** The Liberty installation the nodes belong to. */
  public static final Path WLP_HOME =
      Path.of(System.getProperty("it.cluster.wlp.home", "target/liberty/wlp"));

  /** How long HAProxy may take to see a serving node up (its checks run every 500 ms). */
  private static final Duration HAPROXY_SEES_IT = Duration.ofSeconds(30);

  private ClusterNodes() {}

  /** How many nodes there are. */
  public static int size() {
    return PORTS.size();
  }

  /** The numbers of every node, 1..{@link #size}. */
  public static List<Integer> numbers() {
    List<Integer> numbers = new ArrayList<>();
    for (int n = 1; n <= size(); n++) {
      numbers.add(n);
    }
    return numbers;
  }

  /** The Liberty server name of node {@code n}, which is also its instance id: {@code node<n>}. */
  public static String name(int n) {
    checkNode(n);
    return "node" + n;
  }

  /** The HTTP port of node {@code n}. */
  public static int port(int n) {
    checkNode(n);
    return PORTS.get(n - 1);
  }

  private static void checkNode(int n) {
    if (n < 1 || n > size()) {
      throw new IllegalArgumentException("no node " + n + " of " + size());
    }
  }

  /** The base URL of node {@code n} itself, e.g. {@code http://localhost:9481}. */
  public static String url(int n) {
    return "http://localhost:" + port(n);
  }

  /** HAProxy's base URL, e.g. {@code http://localhost:9480}. */
  public static String lbUrl() {
    return "http://localhost:" + LB_PORT;
  }

  /** The API of node {@code n} itself, as the ITs' admin. */
  public static TestServer.Api node(int n) {
    return TestServer.at(url(n));
  }

  /** The API through HAProxy, as the ITs' admin. */
  public static TestServer.Api lb() {
    return TestServer.at(lbUrl());
  }

  /**
   * Starts HAProxy in front of every node (config and log in {@code target/haproxy}) and waits
   * until it sees every node up; close it when done.
   */
  public static Haproxy startHaproxy() {
    List<Haproxy.Backend> backends = new ArrayList<>();
    for (int n : numbers()) {
      backends.add(new Haproxy.Backend(name(n), port(n)));
    }
    Haproxy haproxy = Haproxy.start(Path.of("target", "haproxy"), LB_PORT, backends);
    try {
      for (int n : numbers()) {
        haproxy.awaitState(name(n), "UP", HAPROXY_SEES_IT);
      }
    } catch (RuntimeException | Error e) {
      haproxy.close();
      throw e;
    }
    return haproxy;
  }

  /** {@code kill -9} on node {@code n}'s JVM; returns once it is gone. */
  public static void kill9(int n) {
    LibertyServer.kill9(WLP_HOME, name(n));
  }

  /** Stops node {@code n} gracefully ({@code bin/server stop}). */
  public static void stop(int n) {
    LibertyServer.run(WLP_HOME, name(n), "stop");
  }

  /** Starts node {@code n} ({@code bin/server start}) and waits until it serves the API. */
  public static void start(int n) {
    LibertyServer.run(WLP_HOME, name(n), "start");
    awaitReady(n);
  }

  /**
   * Runs {@code .ci/redis-start <action>} on the cluster's Redis: {@code stop} (an outage), {@code
   * start} (back, without its data: it keeps none), {@code restart}.
   */
  public static void redis(String action) {
    try {
      Process p =
          new ProcessBuilder(".ci/redis-start", action)
              .redirectErrorStream(true)
              .redirectOutput(Path.of("target", "redis-" + action + ".log").toFile())
              .start();
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(
            "redis " + action + " failed, see target/redis-" + action + ".log");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * The names of node {@code n}'s live threads whose names start with {@code prefix} (from {@code
   * jcmd Thread.print} on its JVM).
   */
  public static List<String> threads(int n, String prefix) {
    try {
      long pid =
          Long.parseLong(
              java.nio.file.Files.readString(
                      WLP_HOME.resolve("usr/servers/.pid/" + name(n) + ".pid"))
                  .trim());
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
              .redirectErrorStream(true)
              .start();
      String out =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
      List<String> names = new java.util.ArrayList<>();
      for (String line : out.split("\n")) {
        if (line.startsWith("\"" + prefix)) {
          names.add(line.substring(1, line.indexOf('"', 1)));
        }
      }
      return names;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits until node {@code n} serves the API with the ITs' admin key. */
  public static void awaitReady(int n) {
    LibertyServer.awaitReady(node(n));
  }
}
