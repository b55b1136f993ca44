package io.ponybunny.bench;

import io.ponybunny.bench.Streams.GoalSocket;
import io.ponybunny.bench.Streams.Trace;
import java.net.http.HttpClient;
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
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * B2 and B6: the capacity curve. K concurrent streams at 50 chunks/s (one subscriber each) for K =
 * 16, 32, ... 1024, on the direct path (the mock to the client: the baseline "added" is measured
 * against), PonyBunny ({@code /api/completions} + {@code /ws/goals/{goalId}}) and the peer. Every
 * (path, K) runs three times (alternating paths) and rows show the medians. A path stops two steps
 * past its first unclean K. B6 is the server process's CPU time (user + system, {@code /proc}) over
 * the chunks it delivered in the same steps, and beside it the heap PonyBunny's JVM allocated over
 * them ({@link ServerAllocation}), which the shared cores' load does not move.
 */
final class StreamSweep {

  /** The K steps; {@code -Dbench.b2.ks=64,256} runs just those. */
  static final int[] KS =
      java.util.Arrays.stream(
              System.getProperty("bench.b2.ks", "16,32,64,128,256,512,1024").split(","))
          .map(String::trim)
          .filter(k -> !k.isEmpty())
          .mapToInt(Integer::parseInt)
          .toArray();

  /** The unmeasured step each path runs first, so that no measured step pays for the JIT. */
  static final int WARM_UP_K = 64;

  static final int CHUNKS_PER_SECOND = 50;

  /** Clean: nothing lost, under 0.1 % of streams failed, p99 added latency within 25 ms. */
  static final double CLEAN_P99_ADDED_MS = 25;

  /** One run of one (path, K). */
  record Step(
      String path,
      int k,
      long received,
      long lost,
      int errors,
      double p50Ms,
      double p99Ms,
      double gapP99Ms,
      double gapMaxMs,
      double cpuUsPerChunk,
      double allocKbPerChunk,
      String firstError) {}

  private final int seconds = Integer.getInteger("bench.b2.seconds", 5);
  private final int repeats = Integer.getInteger("bench.b2.repeats", 3);
  private final long budget = TimeUnit.SECONDS.toNanos(Integer.getInteger("bench.b2.budget", 1200));
  private final Process peer;
  private final long clockTicks;

  private final ServerAllocation allocation;

  StreamSweep(Process peer) throws Exception {
    this.peer = peer;
    this.clockTicks = Long.parseLong(BenchSuite.run("getconf", "CLK_TCK").trim());
    this.allocation = ServerAllocation.attach(BenchSuite.serverPid());
  }

  void run(Map<String, List<double[]>> curve) throws Exception {
    List<String> paths = new ArrayList<>(List.of("PonyBunny"));
    if (peer != null) {
      paths.add("peer");
    }
    BenchReport report =
        new BenchReport(
            "B2",
            "K concurrent streams at "
                + CHUNKS_PER_SECOND
                + " chunks/s for "
                + seconds
                + " s, 1 subscriber each; medians of "
                + repeats
                + " runs",
            "path",
            "K",
            "chunks received",
            "lost (all runs)",
            "errors",
            "added p50 ms",
            "added p99 ms",
            "gap p99 ms",
            "gap max ms",
            "server CPU µs/chunk",
            "server alloc KB/chunk",
            "clean?",
            "first error");
    Map<String, Integer> firstUnclean = new LinkedHashMap<>();
    Map<String, Integer> best = new LinkedHashMap<>();
    Map<String, Map<Integer, Double>> cpu = new LinkedHashMap<>();
    Map<Integer, Double> alloc = new LinkedHashMap<>();
    for (String p : paths) {
      best.put(p, 0);
      cpu.put(p, new LinkedHashMap<>());
      curve.put(p, new ArrayList<>());
    }
    for (String p : paths) {
      step(p, WARM_UP_K); // compiles the paths of long streams: the warm-up's were short
      pause();
    }
    long start = System.nanoTime();
    String stopReason = "";
    for (int ki = 0; ki < KS.length; ki++) {
      int k = KS[ki];
      int index = ki;
      List<String> running =
          paths.stream()
              .filter(
                  p -> !firstUnclean.containsKey(p) || index - indexOf(firstUnclean.get(p)) <= 2)
              .toList();
      if (running.isEmpty()) {
        break;
      }
      if (System.nanoTime() - start > budget) {
        stopReason = " Time budget (-Dbench.b2.budget) reached before K=" + k + ".";
        break;
      }
      Step direct = step("direct", k);
      pause();
      report.row(rowOf(direct, direct, "baseline"));
      Map<String, List<Step>> runs = new LinkedHashMap<>();
      for (int r = 0; r < repeats; r++) {
        for (String p : running) {
          runs.computeIfAbsent(p, x -> new ArrayList<>()).add(step(p, k));
          pause();
        }
      }
      for (String p : running) {
        Step m = median(runs.get(p));
        double addedP99 = m.p99Ms() - direct.p99Ms();
        boolean clean =
            m.lost() == 0 && m.errors() < Math.max(1e-3 * k, 1) && addedP99 <= CLEAN_P99_ADDED_MS;
        report.row(rowOf(m, direct, clean ? "yes" : "NO"));
        curve.get(p).add(new double[] {k, Math.max(0, addedP99), clean ? 1 : 0});
        cpu.get(p).put(k, m.cpuUsPerChunk());
        if (p.equals("PonyBunny")) {
          alloc.put(k, m.allocKbPerChunk());
        }
        if (clean && !firstUnclean.containsKey(p)) {
          best.put(p, k);
        } else if (!clean) {
          firstUnclean.putIfAbsent(p, k);
        }
      }
    }
    report.note(
        "Added = the path's chunk latency (mock send stamp → client read) minus the direct path's at"
            + " the same K. Clean = 0 lost, < 0.1 % of streams failed, p99 added ≤ "
            + fmt(CLEAN_P99_ADDED_MS)
            + " ms. A path runs two steps past its first unclean K. Server CPU = the gateway"
            + " process's user + system time (/proc, the peer's whole process tree) from the"
            + " first request to the last chunk, over the chunks delivered; server alloc = the"
            + " heap bytes PonyBunny's JVM allocated in the same time (all threads, JMX), over"
            + " the chunks delivered. Each path ran one"
            + " unmeasured step at K = "
            + WARM_UP_K
            + " first. Mock, server, clients"
            + " (and the peer) share the machine's cores."
            + stopReason);
    report.publish();

    int pbK = best.get("PonyBunny");
    String peerK = peer != null ? String.valueOf(best.get("peer")) : BenchSuite.peerCell();
    boolean twice = peer == null || pbK >= 2 * Math.max(1, best.get("peer"));
    BenchSuite.summary(
        "B2",
        "K streams at 50 chunks/s, 1 subscriber each (p99 added ≤ 25 ms)",
        "highest clean K",
        pbK,
        "—",
        peerK,
        "≥ 512 and ≥ 2× peer",
        pbK >= 512 && twice ? "yes" : "NO");
    for (int k : new int[] {64, 256}) {
      Double pb = cpu.get("PonyBunny").get(k);
      Double pk = peer != null ? cpu.get("peer").get(k) : null;
      BenchSuite.summary(
          "B6",
          "server CPU per delivered chunk at K = " + k,
          "µs (user + system)",
          pb == null ? "not run" : fmt(pb),
          "—",
          pk == null ? (peer == null ? BenchSuite.peerCell() : "not run") : fmt(pk),
          "≤ 60",
          pb != null && pb <= 60 ? "yes" : "NO");
      Double kb = alloc.get(k);
      BenchSuite.summary(
          "B6",
          "server heap allocated per delivered chunk at K = " + k,
          "KB",
          kb == null || kb.isNaN() ? "not run" : fmt(kb),
          "—",
          "—",
          "—",
          "—");
    }
    if (allocation != null) {
      allocation.close();
    }
  }

  private static int indexOf(int k) {
    return Arrays.stream(KS).boxed().toList().indexOf(k);
  }

  private static Object[] rowOf(Step m, Step direct, String clean) {
    boolean baseline = m == direct;
    return new Object[] {
      m.path(),
      m.k(),
      m.received(),
      m.lost(),
      m.errors(),
      baseline ? m.p50Ms() : m.p50Ms() - direct.p50Ms(),
      baseline ? m.p99Ms() : m.p99Ms() - direct.p99Ms(),
      m.gapP99Ms(),
      m.gapMaxMs(),
      baseline ? "—" : fmt(m.cpuUsPerChunk()),
      Double.isNaN(m.allocKbPerChunk()) ? "—" : fmt(m.allocKbPerChunk()),
      clean,
      m.firstError() == null ? "" : m.firstError()
    };
  }

  /** The median of each measure over the runs; lost is the sum, so that any loss shows. */
  private static Step median(List<Step> runs) {
    ToDoubleFunction<ToDoubleFunction<Step>> med =
        f -> Streams.median(runs.stream().mapToDouble(f).toArray());
    return new Step(
        runs.get(0).path(),
        runs.get(0).k(),
        (long) med.applyAsDouble(Step::received),
        runs.stream().mapToLong(Step::lost).sum(),
        (int) med.applyAsDouble(Step::errors),
        med.applyAsDouble(Step::p50Ms),
        med.applyAsDouble(Step::p99Ms),
        med.applyAsDouble(Step::gapP99Ms),
        med.applyAsDouble(Step::gapMaxMs),
        med.applyAsDouble(Step::cpuUsPerChunk),
        med.applyAsDouble(Step::allocKbPerChunk),
        runs.stream().map(Step::firstError).filter(e -> e != null).findFirst().orElse(null));
  }

  private Step step(String path, int k) throws Exception {
    String model = "c" + (seconds * CHUNKS_PER_SECOND) + "-i" + (1000 / CHUNKS_PER_SECOND);
    int chunks = seconds * CHUNKS_PER_SECOND;
    HttpClient unused = null; // Streams' clients take no HttpClient any more
    List<Trace> traces = new ArrayList<>();
    List<GoalSocket> sockets = new ArrayList<>();
    long cpuBefore;
    long allocBefore = -1;
    if (path.equals("PonyBunny")) {
      List<String> goals = new ArrayList<>();
      List<CompletableFuture<GoalSocket>> opening = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        String goal = "b2-" + UUID.randomUUID();
        goals.add(goal);
        opening.add(GoalSocket.open(unused, BenchSuite.PORT, goal));
      }
      for (CompletableFuture<GoalSocket> f : opening) {
        sockets.add(f.get(120, TimeUnit.SECONDS));
      }
      String event = System.getProperty("bench.profile.event", "cpu");
      // an allocation sample every 256 KiB (an interval in bytes: "1ms" is not one)
      profile(
          k, "start,event=" + event + (event.equals("alloc") ? ",interval=256k" : ",interval=1ms"));
      cpuBefore = cpuTicks(path);
      allocBefore = allocated(path);
      for (int i = 0; i < k; i++) {
        GoalSocket s = sockets.get(i);
        s.trace.sendNs = System.nanoTime();
        traces.add(s.trace);
        Streams.complete(unused, BenchSuite.PORT, "mockoai/" + model, goals.get(i))
            .whenComplete(
                (r, e) -> {
                  if (e != null || r != 200) {
                    s.trace.fail(e != null ? String.valueOf(e) : "HTTP " + r);
                  }
                });
      }
    } else {
      cpuBefore = cpuTicks(path);
      for (int i = 0; i < k; i++) {
        traces.add(
            path.equals("direct")
                ? BenchSuite.directStream("openai", model)
                : BenchSuite.peerStream(model));
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60L);
    int errors = 0;
    long received = 0;
    long maxGap = 0;
    String firstError = null;
    for (Trace t : traces) {
      long left = Math.max(0, deadline - System.nanoTime());
      boolean done = t.done.await(left, TimeUnit.NANOSECONDS);
      synchronized (t) {
        if (!done || t.error != null || t.count < chunks) {
          errors++;
          if (firstError == null) {
            firstError = !done ? "timeout (" + t.count + " chunks)" : t.error;
          }
        }
        received += t.count;
        maxGap = Math.max(maxGap, t.maxGapNs);
      }
    }
    long cpuAfter = cpuTicks(path);
    long allocAfter = allocBefore < 0 ? -1 : allocated(path);
    if (path.equals("PonyBunny")) {
      profile(
          k,
          // total: bytes (allocation) or time per stack, not sample counts, which are coarse for
          // threads that allocate little (findings 14)
          "stop,collapsed,total,file="
              + BenchSuite.OUT.toAbsolutePath()
              + "/profile-b2-k"
              + k
              + ".txt");
    }
    sockets.forEach(GoalSocket::close);
    long[] lat = new long[(int) received];
    long[] gaps = new long[(int) Math.max(0, received - traces.size())];
    int n = 0;
    int g = 0;
    for (Trace t : traces) {
      synchronized (t) {
        System.arraycopy(t.latNs, 0, lat, n, t.count);
        n += t.count;
        int tg = Math.max(0, t.count - 1);
        System.arraycopy(t.gapNs, 0, gaps, g, Math.min(tg, gaps.length - g));
        g += Math.min(tg, gaps.length - g);
      }
    }
    Arrays.sort(lat, 0, n);
    Arrays.sort(gaps, 0, g);
    double cpuUs = (cpuAfter - cpuBefore) * 1e6 / clockTicks / Math.max(1, received);
    double allocKb =
        allocBefore < 0 || allocAfter < 0
            ? Double.NaN
            : (allocAfter - allocBefore) / 1024.0 / Math.max(1, received);
    BenchSuite.resetMock();
    return new Step(
        path,
        k,
        received,
        (long) k * chunks - received,
        errors,
        Streams.percentile(lat, n, 0.50) / 1e6,
        Streams.percentile(lat, n, 0.99) / 1e6,
        Streams.percentile(gaps, g, 0.99) / 1e6,
        maxGap / 1e6,
        cpuUs,
        allocKb,
        firstError);
  }

  /**
   * With {@code -Dbench.profile=<path of libasyncProfiler.so>} (async-profiler, from Maven
   * Central's {@code tools.profiler:async-profiler}), profiles the server during the first
   * PonyBunny run at K = {@code bench.profile.k} (256) and writes {@code
   * target/bench/profile-b2-k<K>.txt} (collapsed stacks). {@code -Dbench.profile.event=itimer}
   * where perf events are not allowed.
   */
  private void profile(int k, String command) throws Exception {
    String lib = System.getProperty("bench.profile", "");
    if (lib.isEmpty()
        || k != Integer.getInteger("bench.profile.k", 256)
        || profiled.contains(command.substring(0, 4))) {
      return;
    }
    profiled.add(command.substring(0, 4));
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    System.out.println(
        BenchSuite.run(
                jcmd,
                String.valueOf(BenchSuite.serverPid()),
                "JVMTI.agent_load",
                lib,
                "\"" + command + "\"") // quoted, or jcmd reads its name=value pairs
            .trim());
  }

  private final java.util.Set<String> profiled = new java.util.HashSet<>();

  /** Heap bytes PonyBunny's JVM allocated so far; -1 for another path or when not measured. */
  private long allocated(String path) throws Exception {
    return path.equals("PonyBunny") && allocation != null ? allocation.bytes() : -1;
  }

  /** User + system clock ticks of the gateway of {@code path} (0 for the direct path). */
  private long cpuTicks(String path) throws Exception {
    if (path.equals("direct")) {
      return 0;
    }
    if (path.equals("peer")) {
      return Stream.concat(Stream.of(peer.toHandle()), peer.descendants())
          .mapToLong(p -> ticks(p.pid()))
          .sum();
    }
    return ticks(BenchSuite.serverPid());
  }

  /** utime + stime of {@code /proc/<pid>/stat} (fields 14 and 15), 0 once the process is gone. */
  static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (Exception gone) {
      return 0;
    }
  }

  /**
   * Waits (at most 30 s) until the server and the peer have been quiet (under 5 % of a core) for
   * half a second: the previous step's closes and history writes, or the warm-up's, would otherwise
   * be counted in the next step's CPU time and latency.
   */
  private void pause() throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long quietTicks = Math.max(1, clockTicks / 40); // 5 % of a core over 500 ms
    while (System.nanoTime() < end) {
      long before = cpuTicks("PonyBunny") + (peer == null ? 0 : cpuTicks("peer"));
      Thread.sleep(500);
      long after = cpuTicks("PonyBunny") + (peer == null ? 0 : cpuTicks("peer"));
      if (after - before <= quietTicks) {
        return;
      }
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
