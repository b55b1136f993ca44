package io.ponybunny.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's HAProxy ({@code /usr/sbin/haproxy}) in front of PonyBunny servers, as a child process of
 * the test JVM: HTTP mode, round robin over every server with no stickiness, a server taken out of
 * rotation after two failed {@code GET /health/ready} checks 500 ms apart and back after one good
 * one, a request that cannot connect to a server tried on another, WebSockets tunnelled for up to
 * an hour, an upgrade to cleartext HTTP/2 ({@code h2c}) refused (the client stays on HTTP/1.1, so
 * each of its requests is balanced). Each response names the server that answered in {@link
 * #SERVED_BY}.
 *
 * <p>{@link #start} checks the configuration with {@code haproxy -c}, starts it in the foreground
 * ({@code -db}, its log in the given directory) and returns once the port accepts connections;
 * {@link #close} kills it. {@link #state} reads a server's health and {@link #setState} takes a
 * server out of rotation or puts it back, both through HAProxy's runtime API (a Unix socket in a
 * temporary directory of its own, {@link #adminSocket}).
 */
public final class Haproxy implements AutoCloseable {

  /** The response header that names the server that answered (the {@link Backend#name}). */
  public static final String SERVED_BY = "X-Served-By";

  /** The name of the backend (HAProxy's proxy) that holds every server. */
  public static final String BACKEND = "ponybunny";

  /**
   * An administrative state of a server ({@code set server <backend>/<server> state <state>}):
   * {@code ready} takes requests as its health allows, {@code drain} gets no new requests nor
   * connections (the ones it has go on), {@code maint} none at all.
   */
  public enum AdminState {
    READY,
    DRAIN,
    MAINT;

    /** The word of the runtime API. */
    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final Path EXECUTABLE = Path.of("/usr/sbin/haproxy");
  private static final Duration START = Duration.ofSeconds(20);

  /** One server behind the proxy: its name (e.g. {@code node1}) and its HTTP port on loopback. */
  public record Backend(String name, int port) {}

  private final Process process;
  private final int port;
  private final Path socketDir;
  private final Path log;

  private Haproxy(Process process, int port, Path socketDir, Path log) {
    this.process = process;
    this.port = port;
    this.socketDir = socketDir;
    this.log = log;
  }

  /**
   * The configuration: a frontend on {@code 127.0.0.1:<port>} balancing over {@code backends}, with
   * its runtime API on {@code adminSocket}. The shape of {@code docs/deploy/haproxy.cfg}.
   */
  public static String config(int port, List<Backend> backends, Path adminSocket) {
    StringBuilder servers = new StringBuilder();
    for (Backend b : backends) {
      servers
          .append("  server ")
          .append(b.name())
          .append(" 127.0.0.1:")
          .append(b.port())
          .append(" check\n");
    }
    return """
        global
          log stdout format raw local0 info
          stats socket %s mode 600 level admin

        defaults
          mode http
          log global
          option httplog
          # A request whose server refuses the connection goes to another one.
          option redispatch 1
          retries 3
          timeout connect 2s
          # Streamed completions answer when the stream ends; sockets idle between events.
          timeout client 10m
          timeout server 10m
          timeout tunnel 1h
          timeout http-request 30s
          timeout check 2s

        frontend ponybunny
          bind 127.0.0.1:%d
          # HTTP/1.1 clients asking to upgrade to cleartext HTTP/2 (Java's HttpClient does) would
          # turn their connection into a tunnel to one server: they stay on HTTP/1.1 instead.
          http-request del-header Upgrade if { req.hdr(Upgrade) -i h2c }
          http-request del-header HTTP2-Settings
          default_backend %s

        backend %s
          # No stickiness: any server serves any request and any socket.
          balance roundrobin
          option httpchk GET /health/ready
          http-check expect status 200
          http-response set-header %s %%[srv_name]
          default-server inter 500 fall 2 rise 1
        %s"""
        .formatted(adminSocket, port, BACKEND, BACKEND, SERVED_BY, servers);
  }

  /**
   * Writes the configuration to {@code dir/haproxy.cfg}, checks it, starts HAProxy with its log in
   * {@code dir/haproxy.log} and waits until {@code port} accepts connections.
   */
  public static Haproxy start(Path dir, int port, List<Backend> backends) {
    try {
      Files.createDirectories(dir);
      // A Unix socket's path is short (108 bytes): a directory of its own under /tmp.
      Path socketDir = Files.createTempDirectory("pb-haproxy");
      Path cfg = dir.resolve("haproxy.cfg");
      Files.writeString(cfg, config(port, backends, socketDir.resolve("admin.sock")));
      Path log = dir.resolve("haproxy.log");
      Path check = dir.resolve("haproxy-check.log");
      Process checked =
          new ProcessBuilder(EXECUTABLE.toString(), "-c", "-f", cfg.toString())
              .redirectErrorStream(true)
              .redirectOutput(check.toFile())
              .start();
      if (!checked.waitFor(START.toSeconds(), TimeUnit.SECONDS) || checked.exitValue() != 0) {
        throw new AssertionError("invalid HAProxy configuration: " + Files.readString(check));
      }
      Process process =
          new ProcessBuilder(EXECUTABLE.toString(), "-f", cfg.toString(), "-db")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      // A test JVM that ends without close() leaves no proxy behind.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      Haproxy haproxy = new Haproxy(process, port, socketDir, log);
      haproxy.awaitListening();
      return haproxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The port it listens on (loopback). */
  public int port() {
    return port;
  }

  /** Its base URL, {@code http://localhost:<port>}. */
  public String url() {
    return "http://localhost:" + port;
  }

  /**
   * The Unix socket of its runtime API (admin level), for a child process that changes a server's
   * state itself; it is gone once HAProxy is closed.
   */
  public Path adminSocket() {
    return socketDir.resolve("admin.sock");
  }

  /**
   * Sets the administrative state of {@code server}; it applies to the requests and connections
   * HAProxy accepts after this returns. {@link #state} then reads {@code DRAIN} or {@code MAINT}
   * while the server is healthy, and its health again once it is {@code ready}.
   *
   * @throws IllegalArgumentException if HAProxy refuses the command (e.g. no such server)
   */
  public void setState(String server, AdminState state) {
    String answer =
        command("set server " + BACKEND + "/" + server + " state " + state.word()).trim();
    if (!answer.isEmpty()) {
      throw new IllegalArgumentException(
          "HAProxy refused to set " + server + " " + state.word() + ": " + answer);
    }
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("HAProxy exited: " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50); // a child process's socket: nothing to wait on but polling
      }
    }
    close();
    throw new AssertionError("HAProxy did not listen on " + port + " within " + START);
  }

  /**
   * A server's health as HAProxy sees it: {@code UP}, {@code DOWN}, or on the way, e.g. {@code DOWN
   * 1/2} (the status column of {@code show stat}).
   */
  public String state(String server) {
    Map<String, String> states = states();
    String state = states.get(server);
    if (state == null) {
      throw new IllegalArgumentException("no server " + server + " in " + states);
    }
    return state;
  }

  /** Waits until {@link #state} of {@code server} is {@code expected}; fails after {@code wait}. */
  public void awaitState(String server, String expected, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    String last = state(server);
    while (!last.equals(expected)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(server + " is " + last + ", not " + expected + " after " + wait);
      }
      try {
        Thread.sleep(100); // health checks run in HAProxy: polling its runtime API
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      last = state(server);
    }
  }

  /** The status of every server of the backend, by name. */
  private Map<String, String> states() {
    List<String> lines = Arrays.asList(command("show stat").split("\n"));
    if (lines.isEmpty() || !lines.get(0).startsWith("# ")) {
      throw new IllegalStateException("unexpected answer to show stat: " + lines);
    }
    List<String> header = Arrays.asList(lines.get(0).substring(2).split(","));
    int proxy = header.indexOf("pxname");
    int name = header.indexOf("svname");
    int status = header.indexOf("status");
    Map<String, String> states = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      if (cells.length > status && BACKEND.equals(cells[proxy])) {
        states.put(cells[name], cells[status]);
      }
    }
    return states;
  }

  /** Sends one command to the runtime API and returns its whole answer. */
  private String command(String command) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(adminSocket()));
      channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
      StringBuilder answer = new StringBuilder();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        answer.append(StandardCharsets.US_ASCII.decode(buffer));
        buffer.clear();
      }
      return answer.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("HAProxy's runtime API did not answer " + command, e);
    }
  }

  /** Kills HAProxy and waits until it is gone. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(socketDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }
}
