package io.ponybunny.bench;

import io.ponybunny.bench.Streams.GoalSocket;
import io.ponybunny.bench.Streams.Trace;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark suite: starts the upstream mock ({@link UpstreamMock}) and the peer gateway
 * (Portkey, from npm) as processes of their own, runs B1, B2, B3, B5 and B7 against the Liberty
 * server the build started and B8 against it and the cluster the build started beside it ({@link
 * ClusterFanOutBench}), reads B4 (JMH, run earlier in the build), prints one summary table plus the
 * per-benchmark tables, writes {@code results.json} and {@code chart.png} under {@code
 * target/bench}.
 */
public final class BenchSuite {

  static final int PORT = Integer.getInteger("bench.http.port", 9080);
  static final int MOCK = Integer.getInteger("bench.mock.port", 19410);
  static final int PEER = Integer.getInteger("bench.peer.port", 19420);
  static final Path OUT = Path.of(System.getProperty("bench.out", "target/bench"));
  static final Path WLP = Path.of(System.getProperty("bench.wlp", "target/liberty/wlp"));

  /** The server the build started for the ITs (and the benchmarks). */
  static final String SERVER = System.getProperty("bench.server", "ponybunny-it");

  static final int ROUNDS = Integer.getInteger("bench.rounds", 7);

  /** {@code -Dbench.only=B1,B2} runs just those sections (all when empty). */
  static final List<String> ONLY =
      Arrays.stream(System.getProperty("bench.only", "").split(","))
          .map(String::trim)
          .filter(x -> !x.isEmpty())
          .toList();

  private static final List<Map<String, Object>> SUMMARY = new ArrayList<>();
  private static final Map<String, double[]> CDFS = new LinkedHashMap<>();
  private static final Map<String, List<double[]>> SWEEP = new LinkedHashMap<>();
  private static final HttpClient HTTP = Streams.http11();
  private static String peerProblem;

  private BenchSuite() {}

  public static void main(String[] args) throws Exception {
    Files.createDirectories(OUT);
    BenchAuth.authorization(PORT); // every request and socket below is authenticated
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    List<Process> children = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> children.forEach(Process::destroy)));
    children.add(startMock());
    Process peer = startPeer();
    if (peer != null) {
      children.add(peer);
    }
    warmUp();
    section("B1", BenchSuite::b1);
    section("B2", () -> new StreamSweep(peer).run(SWEEP));
    // B3 before B5: B5 ends its 1000 streams by cutting them at the mock, which opens the mock
    // endpoint's circuit for a while.
    section("B3", () -> FanOutBench.main(new String[0]));
    // B8 before B5 too, for the same reason (on the bench server; the cluster's servers have
    // circuits of their own).
    section("B8", ClusterFanOutBench::run);
    section("B5", BenchSuite::b5);
    section("B4", BenchSuite::b4);
    section("B7", BenchSuite::b7);
    String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
    printSummary(load, loadAfter);
    Chart.draw(OUT.resolve("chart.png"), CDFS, SWEEP);
    writeJson(load, loadAfter);
    children.forEach(Process::destroy);
    System.exit(0);
  }

  interface Step {
    void run() throws Exception;
  }

  private static void section(String id, Step step) {
    if (!ONLY.isEmpty() && !ONLY.contains(id)) {
      return;
    }
    long t0 = System.nanoTime();
    try {
      step.run();
    } catch (Exception | Error e) {
      e.printStackTrace();
      summary(id, "—", "failed to run", "—", "—", "—", "—", "ERROR: " + e);
    }
    System.out.printf(Locale.ROOT, "%s took %.0f s%n", id, (System.nanoTime() - t0) / 1e9);
  }

  static void summary(
      String id,
      String workload,
      String metric,
      Object pb,
      Object direct,
      Object peer,
      String target,
      String met) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("workload", workload);
    row.put("metric", metric);
    row.put("PonyBunny", pb);
    row.put("direct", direct);
    row.put("peer (Portkey)", peer);
    row.put("target", target);
    row.put("met?", met);
    SUMMARY.add(row);
  }

  // ---------------------------------------------------------------- processes

  private static Process startMock() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-Xss256k",
                "-cp",
                System.getProperty("java.class.path"),
                UpstreamMock.class.getName(),
                String.valueOf(MOCK))
            .redirectErrorStream(true)
            .redirectOutput(OUT.resolve("mock.log").toFile())
            .start();
    awaitPort(MOCK, 30);
    return p;
  }

  /** Installs Portkey into target/bench/portkey (once) and starts it; null when unavailable. */
  private static Process startPeer() {
    try {
      Path dir = OUT.resolve("portkey").toAbsolutePath();
      Path start = dir.resolve("node_modules/@portkey-ai/gateway/build/start-server.js");
      if (!Files.exists(start)) {
        Files.createDirectories(dir);
        // @hono/node-server newer than 1.12 makes Portkey fail every call with "TypeError:
        // immutable" (Portkey-AI/gateway#1389): pin it.
        Files.writeString(
            dir.resolve("package.json"),
            "{\"name\":\"portkey-peer\",\"private\":true,\"dependencies\":{\"@portkey-ai/gateway\":"
                + "\"~1.15.0\"},\"overrides\":{\"@hono/node-server\":\"1.12.2\"}}\n");
        Process npm =
            new ProcessBuilder("npm", "install", "--no-audit", "--no-fund")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(OUT.resolve("portkey-install.log").toFile())
                .start();
        if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
          npm.destroy();
          peerProblem = "npm install failed (see target/bench/portkey-install.log)";
          return null;
        }
      }
      Process p =
          new ProcessBuilder("node", start.toString(), "--port=" + PEER, "--headless")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(OUT.resolve("portkey.log").toFile())
              .start();
      awaitPort(PEER, 60);
      Trace t = peerStream("c2-i20");
      if (!t.await(30) || t.count != 2) {
        peerProblem = "Portkey did not relay a stream: " + t.error;
        p.destroy();
        return null;
      }
      return p;
    } catch (Exception e) {
      peerProblem = "Portkey did not start: " + e;
      return null;
    }
  }

  private static void awaitPort(int port, int seconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      try (Socket s = new Socket("localhost", port)) {
        return;
      } catch (IOException e) {
        if (System.nanoTime() > end) {
          throw new IllegalStateException("port " + port + " did not open", e);
        }
        Thread.sleep(100);
      }
    }
  }

  // ---------------------------------------------------------------- paths

  static Trace directStream(String protocol, String model) {
    return Streams.sse(HTTP, mockUrl(protocol, model), body(protocol, model));
  }

  static Trace peerStream(String model) {
    return Streams.sse(
        HTTP,
        "http://localhost:" + PEER + "/v1/chat/completions",
        Streams.openAiBody(model),
        "x-portkey-provider",
        "openai",
        "x-portkey-custom-host",
        "http://localhost:" + MOCK + "/v1",
        "Authorization",
        "Bearer none");
  }

  /**
   * The same stream through PonyBunny's OpenAI-compatible ingress: an OpenAI chat request to {@code
   * /v1/chat/completions} naming the mock endpoint of {@code protocol}, read as the SSE answer, the
   * way an OpenAI SDK would (and the way the peer is read).
   */
  static Trace ingressStream(String protocol, String model) {
    return Streams.sse(
        HTTP,
        "http://localhost:" + PORT + "/v1/chat/completions",
        Streams.openAiBody(endpoint(protocol) + "/" + model),
        "Authorization",
        BenchAuth.authorization(PORT));
  }

  /** Subscribes to a fresh goal, then starts the completion; the trace ends with the stream. */
  static Trace ponyStream(String protocol, String model) throws Exception {
    String goal = "bench-" + UUID.randomUUID();
    GoalSocket s = GoalSocket.open(HTTP, PORT, goal).get(30, TimeUnit.SECONDS);
    s.trace.sendNs = System.nanoTime();
    Streams.complete(HTTP, PORT, endpoint(protocol) + "/" + model, goal)
        .whenComplete(
            (r, e) -> {
              if (e != null || r != 200) {
                s.trace.fail(e != null ? String.valueOf(e) : "HTTP " + r);
              }
            });
    CompletableFuture.runAsync(
        () -> {
          try {
            s.trace.await(120);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          s.close();
        });
    return s.trace;
  }

  static String endpoint(String protocol) {
    return switch (protocol) {
      case "openai" -> "mockoai";
      case "anthropic" -> "mockant";
      default -> "mockgem";
    };
  }

  static String mockUrl(String protocol, String model) {
    String base = "http://localhost:" + MOCK;
    return switch (protocol) {
      case "openai" -> base + "/v1/chat/completions";
      case "anthropic" -> base + "/v1/messages";
      default -> base + "/v1beta/models/" + model + ":streamGenerateContent?alt=sse";
    };
  }

  static String body(String protocol, String model) {
    return protocol.equals("gemini")
        ? "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"bench\"}]}]}"
        : Streams.openAiBody(model);
  }

  /**
   * Short streams per protocol run before any measurement ({@code -Dbench.warmup.requests}). The
   * request path (routing, the provider request, the first bytes) runs once per stream, so a few
   * dozen streams would measure it in the interpreter: a gateway in service is warm.
   */
  static final int WARMUP_REQUESTS = Integer.getInteger("bench.warmup.requests", 1500);

  private static void warmUp() throws Exception {
    long t0 = System.nanoTime();
    for (String p : List.of("openai", "anthropic", "gemini")) {
      List<CompletableFuture<Integer>> inFlight = new ArrayList<>();
      for (int i = 0; i < WARMUP_REQUESTS; i++) {
        inFlight.add(Streams.complete(HTTP, PORT, endpoint(p) + "/c2-i0", "warm-" + (i % 16)));
        if (i % 4 == 0) {
          directStream(p, "c2-i0");
        }
        if (inFlight.size() == 8) {
          for (CompletableFuture<Integer> f : inFlight) {
            f.get(60, TimeUnit.SECONDS);
          }
          inFlight.clear();
        }
      }
      for (CompletableFuture<Integer> f : inFlight) {
        f.get(60, TimeUnit.SECONDS);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "warm-up: %d short streams per protocol in %.0f s%n",
        WARMUP_REQUESTS,
        (System.nanoTime() - t0) / 1e9);
    for (int i = 0; i < 3; i++) {
      for (String p : List.of("openai", "anthropic", "gemini")) {
        Trace t = ponyStream(p, "c32-i2");
        Trace d = directStream(p, "c32-i2");
        t.await(30);
        d.await(30);
        if (i == 0 && (t.error != null || t.count != 32)) {
          throw new IllegalStateException(
              "PonyBunny " + p + " warm-up: " + t.count + " chunks, " + t.error);
        }
      }
      if (peerProblem == null) {
        peerStream("c32-i2").await(30);
      }
    }
  }

  // ---------------------------------------------------------------- B1

  private static void b1() throws Exception {
    BenchReport report =
        new BenchReport(
            "B1",
            "1 stream, 64 chunks at 20 ms: TTFT and per-chunk one-way latency (µs; medians of "
                + ROUNDS
                + " interleaved rounds)",
            "protocol",
            "path",
            "TTFT p50",
            "TTFT added p50",
            "TTFT added p99",
            "chunk p50",
            "chunk p99",
            "chunk added p50",
            "chunk added p99",
            "lost");
    String model = "c64-i20";
    for (String protocol : List.of("openai", "anthropic", "gemini")) {
      List<String> paths = new ArrayList<>(List.of("direct", "PonyBunny", "PonyBunny /v1"));
      if (protocol.equals("openai") && peerProblem == null) {
        paths.add("peer");
      }
      Map<String, double[][]> perPath = new LinkedHashMap<>(); // round -> {ttft, p50, p99, lost}
      Map<String, List<Long>> pooled = new LinkedHashMap<>();
      for (String p : paths) {
        perPath.put(p, new double[ROUNDS][]);
        pooled.put(p, new ArrayList<>());
      }
      for (int r = 0; r < ROUNDS; r++) {
        for (String p : paths) {
          Trace t =
              switch (p) {
                case "direct" -> directStream(protocol, model);
                case "peer" -> peerStream(model);
                case "PonyBunny /v1" -> ingressStream(protocol, model);
                default -> ponyStream(protocol, model);
              };
          if (!t.await(30) || t.error != null) {
            throw new IllegalStateException(p + " " + protocol + " round " + r + ": " + t.error);
          }
          long[] lat = Arrays.copyOf(t.latNs, t.count);
          for (long l : lat) {
            pooled.get(p).add(l);
          }
          Arrays.sort(lat);
          perPath.get(p)[r] =
              new double[] {
                t.ttftNs() / 1e3,
                Streams.percentile(lat, lat.length, 0.5) / 1e3,
                Streams.percentile(lat, lat.length, 0.99) / 1e3,
                64 - t.count
              };
        }
      }
      double[] direct = medians(perPath.get("direct"));
      double[] directTtft = column(perPath.get("direct"), 0);
      for (String p : paths) {
        double[][] rounds = perPath.get(p);
        double[] m = medians(rounds);
        double[] added = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
          added[r] = rounds[r][0] - directTtft[r];
        }
        Arrays.sort(added);
        double addP50 = Streams.median(added);
        double addP99 = added[Math.min(ROUNDS - 1, (int) Math.floor(0.99 * ROUNDS))];
        double lost = Arrays.stream(column(rounds, 3)).sum();
        report.row(
            protocol,
            p,
            m[0],
            addP50,
            addP99,
            m[1],
            m[2],
            m[1] - direct[1],
            m[2] - direct[2],
            (long) lost);
        if (!p.equals("direct")) {
          String who = p.equals("peer") ? "peer" : p.equals("PonyBunny") ? "pb" : "v1";
          b1Summary(protocol, who, addP50, addP99, m[1] - direct[1], m[2] - direct[2], direct);
        }
        if (protocol.equals("openai")) {
          double[] cdf = pooled.get(p).stream().mapToDouble(l -> l / 1e3).sorted().toArray();
          CDFS.put(p + " (openai)", cdf);
        }
      }
    }
    report.note(
        "TTFT: request sent → first chunk received (client nanoTime). Chunk latency: the mock's"
            + " send stamp (System.nanoTime, CLOCK_MONOTONIC) → receipt by the client (SSE line for"
            + " direct, peer and PonyBunny /v1 (the OpenAI-compatible ingress, an OpenAI chat stream"
            + " whatever the upstream), WebSocket frame on /ws/goals/{goalId} for PonyBunny)."
            + " 'added' ="
            + " path − direct; TTFT added p99 is over the per-round pairs, so with 7 rounds it is"
            + " the largest pair.");
    report.publish();
    fillB1Summary();
  }

  private static final Map<String, double[]> B1 = new LinkedHashMap<>();

  private static void b1Summary(
      String protocol, String who, double t50, double t99, double c50, double c99, double[] d) {
    B1.put(protocol + "/" + who, new double[] {t50, t99, c50, c99, d[0], d[1], d[2]});
  }

  private static void fillB1Summary() {
    for (String protocol : List.of("openai", "anthropic", "gemini")) {
      double[] peer = B1.get(protocol + "/peer");
      summarizeB1("1 stream, 64×20 ms, " + protocol, protocol, B1.get(protocol + "/pb"), peer);
      summarizeB1(
          "1 stream, 64×20 ms, " + protocol + " upstream, client on /v1 (OpenAI API)",
          protocol,
          B1.get(protocol + "/v1"),
          peer);
    }
  }

  /** The four B1 summary rows of one PonyBunny path (null: it did not run). */
  private static void summarizeB1(String w, String protocol, double[] pb, double[] peer) {
    if (pb == null) {
      return;
    }
    String[] metric = {
      "TTFT added p50 (µs)", "TTFT added p99 (µs)", "chunk added p50 (µs)", "chunk added p99 (µs)"
    };
    double[] limit = {1000, 3000, 100, 500}; // issue 21
    String[] direct = {
      fmt(pb[4]) + " abs TTFT", "—", fmt(pb[5]) + " abs p50", fmt(pb[6]) + " abs p99"
    };
    for (int i = 0; i < 4; i++) {
      summary(
          "B1",
          w,
          metric[i],
          fmt(pb[i]),
          direct[i],
          peer != null ? fmt(peer[i]) : peerCell(protocol),
          "≤ " + fmt(limit[i]),
          pb[i] <= limit[i] ? "yes" : "NO");
    }
  }

  /** What the peer's cells say when it is unavailable. */
  static String peerCell() {
    return "peer unavailable: " + peerProblem;
  }

  private static String peerCell(String protocol) {
    if (peerProblem != null) {
      return "peer unavailable: " + peerProblem;
    }
    return protocol.equals("openai") ? "—" : "n/a (OpenAI format only)";
  }

  private static double[] medians(double[][] rounds) {
    double[] m = new double[rounds[0].length];
    for (int c = 0; c < m.length; c++) {
      m[c] = Streams.median(column(rounds, c));
    }
    return m;
  }

  private static double[] column(double[][] rounds, int c) {
    double[] v = new double[rounds.length];
    for (int r = 0; r < rounds.length; r++) {
      v[r] = rounds[r][c];
    }
    return v;
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.0f", v);
  }

  // ---------------------------------------------------------------- B2 and B6: StreamSweep

  static void resetMock() throws Exception {
    HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + MOCK + "/admin/reset"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  // ---------------------------------------------------------------- B5

  private static void b5() throws Exception {
    long pid = serverPid();
    BenchReport report =
        new BenchReport(
            "B5",
            "server memory (heap used after a full GC, RSS)",
            "state",
            "heap after GC KB",
            "RSS KB");
    long[] base = memory(pid, "b5-0");
    report.row("0 streams", base[0], base[1]);
    List<CompletableFuture<Integer>> calls = new ArrayList<>();
    List<HttpClient> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      clients.add(Streams.http11());
    }
    long[] at100 = null;
    long[] at1000 = null;
    int n100 = 0;
    for (int i = 0; i < 1000; i++) {
      calls.add(Streams.complete(clients.get(i % 4), PORT, "mockoai/c100000-i1000", "b5-" + i));
      if (i == 99) {
        n100 = awaitActive(100);
        at100 = memory(pid, "b5-100");
        report.row(n100 + " active streams (100 asked)", at100[0], at100[1]);
      }
    }
    int n1000 = awaitActive(1000);
    at1000 = memory(pid, "b5-1000");
    report.row(n1000 + " active streams (1000 asked)", at1000[0], at1000[1]);
    resetMock();
    for (CompletableFuture<Integer> c : calls) {
      c.handle((r, e) -> null).get(120, TimeUnit.SECONDS);
    }
    Thread.sleep(2000);
    long[] base2 = memory(pid, "b5-after");
    report.row("0 streams (after)", base2[0], base2[1]);
    List<CompletableFuture<GoalSocket>> opening = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      opening.add(GoalSocket.open(clients.get(i % 4), PORT, "b5-idle-" + i));
    }
    List<GoalSocket> subs = new ArrayList<>();
    for (CompletableFuture<GoalSocket> f : opening) {
      subs.add(f.get(120, TimeUnit.SECONDS));
    }
    Thread.sleep(1000);
    long[] idle = memory(pid, "b5-idle");
    report.row("1000 idle subscribers", idle[0], idle[1]);
    subs.forEach(GoalSocket::close);
    double perStream = (at1000[0] - base[0]) / (double) Math.max(1, n1000);
    double perStream100 = (at100[0] - base[0]) / (double) Math.max(1, n100);
    // After the earlier sections, their replay frames expire (300 s) while B5 runs, and the
    // difference from a baseline that still held them understates a stream (findings 14): the
    // baseline counts only if the server at rest after B5's streams holds at least nine tenths of
    // it.
    long fell = base[0] - base2[0];
    boolean baselineHeld = fell <= (at1000[0] - base[0]) / 10;
    double perSub = (idle[0] - base2[0]) / 1000.0;
    double rssStream = (at1000[1] - base[1]) / (double) Math.max(1, n1000);
    report.note(
        String.format(
            Locale.ROOT,
            "Per stream: %.1f KB heap (at the larger count; %.1f KB at the smaller), %.1f KB RSS. Per"
                + " idle subscriber: %.1f KB heap. Streams are open completions (a chunk per"
                + " second, no subscriber); subscribers are open /ws/goals sockets on idle goals."
                + " Each blocking completion also holds a Liberty executor thread (stack counted"
                + " in RSS, not heap).",
            perStream,
            perStream100,
            rssStream,
            perSub));
    if (!baselineHeld) {
      report.note(
          "The heap at rest fell by "
              + fell / 1024
              + " MB while B5 ran (earlier sections' replay frames expiring): the per-stream"
              + " figure is not valid; run -Dbench.only=B5 on a fresh server.");
    }
    report.publish();
    summary(
        "B5",
        "0 → 1000 active streams (" + n1000 + " reached)",
        "heap after GC per stream (KB)",
        baselineHeld ? fmt(perStream) : "invalid (" + fmt(perStream) + ": baseline fell)",
        "—",
        "—",
        "≤ 32",
        baselineHeld && perStream <= 32 ? "yes" : "NO");
    summary(
        "B5",
        "1000 idle subscribers",
        "heap after GC per subscriber (KB)",
        fmt(perSub),
        "—",
        "—",
        "≤ 16",
        perSub <= 16 ? "yes" : "NO");
    summary(
        "B5",
        "0 / 1000 streams",
        "RSS (MB)",
        fmt(base[1] / 1024.0) + " / " + fmt(at1000[1] / 1024.0),
        "—",
        "—",
        "—",
        "—");
  }

  /** Waits until the mock serves n streams, or 30 s; returns how many it serves. */
  private static int awaitActive(int n) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int seen = 0;
    Pattern active = Pattern.compile("\"active\":(\\d+)");
    while (System.nanoTime() < end) {
      // the mock counts the streams it serves; a reset of generation 0 streams is not wanted here,
      // so ask a path that only reports
      String body =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + MOCK + "/admin/active"))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m = active.matcher(body);
      seen = m.find() ? Integer.parseInt(m.group(1)) : 0;
      if (seen >= n) {
        break;
      }
      Thread.sleep(200);
    }
    Thread.sleep(1500);
    return seen;
  }

  static long serverPid() throws Exception {
    Path pidFile = WLP.resolve("usr/servers/.pid/" + SERVER + ".pid");
    if (Files.exists(pidFile)) {
      return Long.parseLong(Files.readString(pidFile).trim());
    }
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info().commandLine().orElse("").contains("ws-server.jar")
                    && p.info().commandLine().orElse("").contains(SERVER))
        .findFirst()
        .orElseThrow()
        .pid();
  }

  /**
   * {heap used after GC KB, RSS KB}; the class histogram behind it is kept as {@code
   * target/bench/<label>.histogram.txt}, so a per-stream cost can be attributed to classes.
   */
  static long[] memory(long pid, String label) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    // The live bytes of a class histogram (it collects first): the same measure under any
    // collector, where "used" after GC.run counts ZGC's partly filled pages.
    String histogram = run(jcmd, String.valueOf(pid), "GC.class_histogram");
    Files.writeString(OUT.resolve(label + ".histogram.txt"), histogram);
    Matcher m = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(histogram);
    long heap = m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
    long rss = -1;
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return new long[] {heap, rss};
  }

  static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(120, TimeUnit.SECONDS);
    return out;
  }

  // ---------------------------------------------------------------- B4

  private static void b4() throws Exception {
    Path parsers = OUT.resolve("parsers.json");
    if (!Files.exists(parsers)) {
      summary(
          "B4", "parsers (JMH)", "ns, bytes per chunk", "—", "—", "—", "≤ 1 µs, ≤ 1 KB", "not run");
      return;
    }
    String json = Files.readString(parsers);
    Matcher m =
        Pattern.compile(
                "\"protocol\":\"([^\"]+)\",\"nsPerChunk\":([0-9.]+),\"bytesPerChunk\":([-0-9.]+)")
            .matcher(json);
    while (m.find()) {
      double ns = Double.parseDouble(m.group(2));
      double bytes = Double.parseDouble(m.group(3));
      summary(
          "B4",
          "parser " + m.group(1) + " (JMH)",
          "ns / bytes per chunk",
          fmt(ns) + " ns / " + fmt(bytes) + " B",
          "—",
          "—",
          "≤ 1000 ns, ≤ 1024 B",
          ns <= 1000 && bytes <= 1024 && bytes >= 0 ? "yes" : "NO");
    }
  }

  // ---------------------------------------------------------------- B7

  private static void b7() throws Exception {
    String server = WLP.resolve("bin/server").toString();
    String stop = run(server, "stop", SERVER);
    System.out.println(stop.trim());
    long t0 = System.nanoTime();
    Process start =
        new ProcessBuilder(server, "start", SERVER)
            .redirectErrorStream(true)
            .redirectOutput(OUT.resolve("b7-start.log").toFile())
            .start();
    Trace first = null;
    long deadline = t0 + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      try {
        String goal = "b7-" + UUID.randomUUID();
        GoalSocket s = GoalSocket.open(HTTP, PORT, goal).get(5, TimeUnit.SECONDS);
        s.trace.sendNs = System.nanoTime();
        Streams.complete(HTTP, PORT, "mockoai/c4-i20", goal)
            .whenComplete(
                (r, e) -> {
                  if (e != null || r != 200) {
                    s.trace.fail(e != null ? String.valueOf(e) : "HTTP " + r);
                  }
                });
        if (s.trace.await(60) && s.trace.count > 0) {
          first = s.trace;
          s.close();
          break;
        }
        s.close();
      } catch (Exception notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    start.waitFor(120, TimeUnit.SECONDS);
    if (first == null) {
      throw new IllegalStateException("no first chunk within 180 s of server start");
    }
    double seconds = (first.firstNs - t0) / 1e9;
    BenchReport report =
        new BenchReport("B7", "server start → first chunk of a first request", "seconds");
    report.row(seconds);
    report.note(
        "`wlp/bin/server start "
            + SERVER
            + "` launched at t0; a client polls /ws/goals until a"
            + " socket opens, then posts a completion and waits for its first chunk event.");
    report.publish();
    summary(
        "B7",
        "server start → first chunk",
        "seconds",
        String.format(Locale.ROOT, "%.2f", seconds),
        "—",
        "—",
        "≤ 3",
        seconds <= 3 ? "yes" : "NO");
  }

  // ---------------------------------------------------------------- output

  private static void printSummary(String load, String loadAfter) {
    StringBuilder md = new StringBuilder("\n## PonyBunny benchmark summary\n\n");
    md.append("Machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores; /proc/loadavg before: `")
        .append(load)
        .append("`, after: `")
        .append(loadAfter)
        .append("`. Peer: ")
        .append(peerProblem == null ? "Portkey gateway 1.15 (npm), loopback" : peerProblem)
        .append(
            ".\n\n| id | workload | metric | PonyBunny | direct | peer (Portkey) | target | met? |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    for (Map<String, Object> row : SUMMARY) {
      md.append('|');
      row.values().forEach(v -> md.append(' ').append(v).append(" |"));
      md.append('\n');
    }
    md.append("\nWritten ")
        .append(OUT.resolve("results.json"))
        .append(" and ")
        .append(OUT.resolve("chart.png"))
        .append('\n');
    System.out.println(md);
  }

  private static void writeJson(String load, String loadAfter) throws IOException {
    StringBuilder json = new StringBuilder("{\"loadavgBefore\":").append(q(load));
    json.append(",\"loadavgAfter\":").append(q(loadAfter));
    json.append(",\"cores\":").append(Runtime.getRuntime().availableProcessors());
    json.append(",\"peer\":").append(peerProblem == null ? q("portkey") : q(peerProblem));
    json.append(",\"summary\":[");
    for (int i = 0; i < SUMMARY.size(); i++) {
      json.append(i > 0 ? "," : "").append('{');
      int j = 0;
      for (Map.Entry<String, Object> e : SUMMARY.get(i).entrySet()) {
        json.append(j++ > 0 ? "," : "").append(q(e.getKey())).append(':');
        json.append(q(String.valueOf(e.getValue())));
      }
      json.append('}');
    }
    json.append("],\"benchmarks\":{");
    int n = 0;
    for (String id : List.of("b1", "b2", "b3", "b8", "b5", "b7", "parsers")) {
      File f = OUT.resolve(id + ".json").toFile();
      if (f.exists()) {
        json.append(n++ > 0 ? "," : "").append(q(id)).append(':');
        json.append(Files.readString(f.toPath()).trim());
      }
    }
    json.append("}}\n");
    Files.writeString(OUT.resolve("results.json"), json);
  }

  private static String q(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
