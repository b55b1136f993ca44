package io.ponybunny.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway Redis for tests: Debian's {@code /usr/bin/redis-server} as a child process on a free
 * loopback port, without persistence ({@code --save '' --appendonly no}), optionally with {@code
 * --requirepass}, logging to {@code target/redis-<port>.log}. The constructor returns once the
 * server answers PING. {@link #stop()} ends it and {@link #start()} starts it again on the same
 * port with empty data (a restart that loses everything); {@link #close()} stops it for
 * try-with-resources. A JVM that exits without closing it still ends the process (shutdown hook).
 */
public final class RedisServer implements AutoCloseable {

  private static final String BINARY = "/usr/bin/redis-server";
  private static final long START_MILLIS = 10_000;

  private final int port;
  private final String password;
  private final Thread cleanup = new Thread(this::destroyNow, "redis-server-cleanup");
  private Process process;

  /** Starts a server without a password. */
  public RedisServer() throws IOException {
    this(null);
  }

  /** Starts a server that requires {@code password} (null: none). */
  public RedisServer(String password) throws IOException {
    this.password = password;
    this.port = freePort();
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      start();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** {@code redis://127.0.0.1:<port>}, without credentials. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** {@link #url()} with the password in it ({@code redis://<password>@127.0.0.1:<port>}). */
  public String urlWithPassword() {
    return password == null ? url() : "redis://" + password + "@127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The log file of this server (appended to by every start). */
  public Path log() {
    return Path.of("target", "redis-" + port + ".log");
  }

  /** Whether the process runs. */
  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /**
   * Starts the server (again) on its port with empty data and waits until it answers PING. Does
   * nothing when it runs.
   */
  public synchronized void start() throws IOException {
    if (running()) {
      return;
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                BINARY,
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes"));
    if (password != null) {
      command.add("--requirepass");
      command.add(password);
    }
    Files.createDirectories(log().getParent());
    File logFile = log().toFile();
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile))
            .start();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
    while (!answersPing()) {
      if (!process.isAlive()) {
        throw new IOException(
            "redis-server exited with " + process.exitValue() + "; see " + log().toAbsolutePath());
      }
      if (System.nanoTime() > deadline) {
        destroyNow();
        throw new IOException("redis-server did not answer PING in " + START_MILLIS + " ms");
      }
      try {
        process.waitFor(20, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        destroyNow();
        throw new IOException("interrupted while redis-server started", e);
      }
    }
  }

  /** Stops the server (its data is lost) and waits until the process has exited. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy(); // SIGTERM: Redis closes its clients and exits (nothing to save)
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private synchronized void destroyNow() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      if (password != null) {
        out.write(resp("AUTH", password));
      }
      out.write(resp("PING"));
      out.flush();
      InputStream in = socket.getInputStream();
      String line = readLine(in);
      if (password != null) {
        if (!line.equals("+OK")) {
          return false;
        }
        line = readLine(in);
      }
      return line.equals("+PONG");
    } catch (IOException notYet) {
      return false;
    }
  }

  private static byte[] resp(String... parts) {
    StringBuilder b = new StringBuilder().append('*').append(parts.length).append("\r\n");
    for (String p : parts) {
      b.append('$').append(p.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
      b.append(p).append("\r\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
