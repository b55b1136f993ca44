package io.ponybunny.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * B3, fan-out: streams from the upstream mock ({@link UpstreamMock}, its own process) broadcast to
 * WebSocket subscribers, for 1 goal x 1, 10 x 100 and 1 x 1000 subscribers, on {@code
 * /ws/goals/{goalId}} and on the bare baseline {@code /ws/bench/bare/{goalId}} in the same run.
 * Reports deliveries (chunk events received by subscribers) per second and end-to-end latency
 * p50/p99 from the mock's send time (stamped into each chunk's text with {@link System#nanoTime()},
 * CLOCK_MONOTONIC shared by the processes) to the client's read. Subscribers are {@link
 * NioWebSockets} connections on one selector thread, so the client costs little of the two cores.
 *
 * <p>Run by {@code mvn -Pbench verify} against the Liberty server the build starts; {@code
 * -Dbench.http.port} names its port.
 */
public final class FanOutBench {

  private static final int PORT = Integer.getInteger("bench.http.port", 9080);

  /**
   * One configuration: goals x subscribers per goal, one stream per goal of {@code chunks} chunks,
   * one every {@code intervalMs} (0: as fast as the mock writes).
   */
  record Config(
      String name, int goals, int subscribers, int chunks, int intervalMs, boolean capacity) {

    String model() {
      return "mockoai/c" + chunks + "-i" + intervalMs;
    }

    /** Offered deliveries per second (0 when unpaced). */
    long offered() {
      return intervalMs == 0 ? 0 : (long) goals * subscribers * 1000 / intervalMs;
    }
  }

  /**
   * Where a run's streams start ({@code streamPort}: the completions are posted there) and where
   * its subscribers connect: each goal's subscribers in turn over {@code subscriberPorts}, so every
   * server gets an even share of every goal's subscribers.
   */
  record Placement(int streamPort, List<Integer> subscriberPorts) {

    Placement {
      subscriberPorts = List.copyOf(subscriberPorts);
      if (subscriberPorts.isEmpty()) {
        throw new IllegalArgumentException("no subscriber port");
      }
    }

    /** Streams and subscribers on one server. */
    static Placement single(int port) {
      return new Placement(port, List.of(port));
    }

    /** The port of a goal's {@code index}-th subscriber. */
    int subscriberPort(int index) {
      return subscriberPorts.get(index % subscriberPorts.size());
    }
  }

  /**
   * What one run measured, over all subscribers; {@code byPort} the same per subscriber port (in
   * {@link Placement#subscriberPorts()} order).
   */
  record Result(
      long deliveries,
      long expected,
      double seconds,
      double p50Ms,
      double p99Ms,
      Map<Integer, Result> byPort) {

    double perSecond() {
      return deliveries / seconds;
    }
  }

  /**
   * Milliseconds between a stream's chunks in the rows judged against the target ({@code
   * -Dbench.b3.interval-ms}): 16 offers 62.5k deliveries/s, just above the 60k the target names, so
   * p99 is measured at the rate the target asks for, not in an overload.
   */
  private static final int INTERVAL = Integer.getInteger("bench.b3.interval-ms", 16);

  /**
   * Milliseconds between a stream's chunks in the capacity rows ({@code
   * -Dbench.b3.capacity-interval-ms}, 0: none): 8 offers 125k deliveries/s, judged against issue
   * 21's target (at least 120k/s with a p99 within 10 ms).
   */
  private static final int CAPACITY_INTERVAL =
      Integer.getInteger("bench.b3.capacity-interval-ms", 8);

  /** Chunks per stream ({@code -Dbench.b3.chunks}). */
  private static final int CHUNKS = Integer.getInteger("bench.b3.chunks", 600);

  /** {@code -Dbench.b3.only=1x1000,10x100} runs just those configurations (all when empty). */
  private static final List<String> ONLY =
      Arrays.stream(System.getProperty("bench.b3.only", "").split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .toList();

  static final List<Config> CONFIGS = configs();

  private static List<Config> configs() {
    List<Config> configs = new ArrayList<>();
    configs.add(new Config("1 goal x 1", 1, 1, 4000, 0, false));
    configs.add(new Config("10 goals x 100", 10, 100, CHUNKS, INTERVAL, false));
    configs.add(new Config("1 goal x 1000", 1, 1000, CHUNKS, INTERVAL, false));
    if (CAPACITY_INTERVAL > 0) {
      configs.add(new Config("10 goals x 100, capacity", 10, 100, CHUNKS, CAPACITY_INTERVAL, true));
      configs.add(new Config("1 goal x 1000, capacity", 1, 1000, CHUNKS, CAPACITY_INTERVAL, true));
    }
    return List.copyOf(configs);
  }

  private FanOutBench() {}

  public static void main(String[] args) throws Exception {
    BenchAuth.authorization(PORT); // every socket below is authenticated
    BenchReport report =
        new BenchReport(
            "B3",
            "WebSocket fan-out (deliveries/s, latency from the mock's send to the client's read)",
            "config",
            "endpoint",
            "deliveries",
            "lost",
            "deliveries/s",
            "p50 ms",
            "p99 ms",
            "% of bare (deliveries/s)");
    try (NioWebSockets clients = new NioWebSockets("b3-clients")) {
      run(clients, new Config("warm-up", 2, 50, 200, 0, false), "/ws/goals/");
      run(clients, new Config("warm-up", 2, 50, 200, 0, false), "/ws/bench/bare/");
      for (Config c : CONFIGS) {
        if (!ONLY.isEmpty() && !ONLY.contains(c.goals() + "x" + c.subscribers())) {
          continue;
        }
        Result bare = run(clients, c, "/ws/bench/bare/");
        Result ours = run(clients, c, "/ws/goals/");
        double ofBare = 100.0 * ours.perSecond() / bare.perSecond();
        report.row(
            c.name(),
            "/ws/goals (PonyBunny)",
            ours.deliveries(),
            ours.expected() - ours.deliveries(),
            ours.perSecond(),
            ours.p50Ms(),
            ours.p99Ms(),
            ofBare);
        report.row(
            c.name(),
            "bare echo-broadcast",
            bare.deliveries(),
            bare.expected() - bare.deliveries(),
            bare.perSecond(),
            bare.p50Ms(),
            bare.p99Ms(),
            100.0);
        if (c.offered() > 0) {
          boolean met =
              c.capacity()
                  ? ours.perSecond() >= 120_000 && ours.p99Ms() <= 10
                  : ours.perSecond() >= 60_000 && ours.p99Ms() <= 10 && ofBare >= 90;
          BenchSuite.summary(
              "B3",
              String.format(
                  Locale.ROOT,
                  "%s, %d chunks at %d/s (%.1fk deliveries/s offered)",
                  c.name(),
                  c.chunks(),
                  1000 / c.intervalMs(),
                  c.offered() / 1000.0),
              "deliveries/s; latency p50 / p99 ms; % of bare",
              String.format(
                  Locale.ROOT,
                  "%.0f; %.2f / %.2f; %.0f %%",
                  ours.perSecond(),
                  ours.p50Ms(),
                  ours.p99Ms(),
                  ofBare),
              "bare: "
                  + String.format(
                      Locale.ROOT,
                      "%.0f; %.2f / %.2f",
                      bare.perSecond(),
                      bare.p50Ms(),
                      bare.p99Ms()),
              "n/a",
              c.capacity()
                  ? ">= 120k/s, p99 <= 10 ms (issue 21)"
                  : ">= 60k/s, p99 <= 10 ms, >= 90 % of bare",
              met ? "yes" : "no");
        }
      }
    }
    report.note(
        "Streams come from the upstream mock through the `mockoai` endpoint (OpenAI chat SSE):"
            + " 1x1 one stream of 4000 chunks unpaced; 10x100 and 1x1000 one stream per goal of"
            + " "
            + CHUNKS
            + " chunks at "
            + (1000 / INTERVAL)
            + " chunks/s (judged against the target), and at "
            + (CAPACITY_INTERVAL > 0 ? 1000 / CAPACITY_INTERVAL : 0)
            + " chunks/s (capacity rows). Latency = client read"
            + " time - the mock's send stamp (both System.nanoTime, one host). deliveries/s ="
            + " chunk events received / (last read - first read). Subscribers: one selector"
            + " thread in the suite's JVM; mock, server and clients share the two cores.");
    report.publish();
  }

  /** {@code -Dbench.b3.timeline=true} prints latency percentiles per half second of each run. */
  private static final boolean TIMELINE = Boolean.getBoolean("bench.b3.timeline");

  private static void timeline(String name, List<Subscriber> subs, long first) {
    long bucket = 500_000_000L;
    Map<Long, List<Long>> byBucket = new TreeMap<>();
    for (Subscriber s : subs) {
      synchronized (s) {
        for (int i = 0; i < s.count; i++) {
          byBucket
              .computeIfAbsent((s.reads[i] - first) / bucket, b -> new ArrayList<>())
              .add(s.latencies[i]);
        }
      }
    }
    StringBuilder out = new StringBuilder("B3 timeline " + name + " (t s: n p50/p90/p99/max ms)");
    byBucket.forEach(
        (b, l) -> {
          long[] v = l.stream().mapToLong(Long::longValue).sorted().toArray();
          out.append(
              String.format(
                  Locale.ROOT,
                  "%n  %4.1f: %6d %6.1f %6.1f %6.1f %6.1f",
                  b * 0.5,
                  v.length,
                  Streams.percentile(v, v.length, 0.5) / 1e6,
                  Streams.percentile(v, v.length, 0.9) / 1e6,
                  Streams.percentile(v, v.length, 0.99) / 1e6,
                  v[v.length - 1] / 1e6));
        });
    System.out.println(out);
  }

  /** {@link #run(NioWebSockets, Config, String, Placement)} on the bench server alone. */
  static Result run(NioWebSockets clients, Config c, String path) throws Exception {
    return run(clients, c, path, Placement.single(PORT));
  }

  /**
   * Subscribes {@code c.subscribers()} sockets per goal on {@code path} over the placement's
   * subscriber ports, runs one stream per goal on its stream port, waits for every subscriber to
   * see its end.
   */
  static Result run(NioWebSockets clients, Config c, String path, Placement where)
      throws Exception {
    String runId = UUID.randomUUID().toString().substring(0, 8);
    int n = c.goals() * c.subscribers();
    CountDownLatch ended = new CountDownLatch(n);
    CountDownLatch registered = new CountDownLatch(n);
    List<Subscriber> subs = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    List<CompletableFuture<NioWebSockets.Connection>> opening = new ArrayList<>();
    for (int g = 0; g < c.goals(); g++) {
      for (int s = 0; s < c.subscribers(); s++) {
        Subscriber sub = new Subscriber(registered, ended, c.chunks());
        int port = where.subscriberPort(s);
        subs.add(sub);
        ports.add(port);
        opening.add(clients.open(port, path + "b3-" + runId + "-" + g, sub));
      }
    }
    List<NioWebSockets.Connection> connections = new ArrayList<>();
    for (CompletableFuture<NioWebSockets.Connection> f : opening) {
      connections.add(f.get(60, TimeUnit.SECONDS));
    }
    // The upgrade answer comes before the endpoint registers the socket: wait for each socket's
    // first frame (the snapshot, or the bare endpoint's "ready"), or late joiners count as losses.
    if (!registered.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(registered.getCount() + " subscribers got no first frame");
    }
    List<CompletableFuture<Integer>> calls = new ArrayList<>();
    for (int g = 0; g < c.goals(); g++) {
      calls.add(Streams.complete(null, where.streamPort(), c.model(), "b3-" + runId + "-" + g));
    }
    for (CompletableFuture<Integer> call : calls) {
      int status = call.get(120, TimeUnit.SECONDS);
      if (status != 200) {
        throw new IllegalStateException("completion answered " + status);
      }
    }
    if (!ended.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException(ended.getCount() + " subscribers did not see the end");
    }
    connections.forEach(NioWebSockets.Connection::close);
    Map<Integer, Integer> closes = new TreeMap<>();
    for (Subscriber s : subs) {
      synchronized (s) {
        if (s.gap != null) {
          System.out.println("B3 gap: " + s.gap);
        }
        if (s.closeCode != 0) {
          closes.merge(s.closeCode, 1, Integer::sum);
        }
      }
    }
    if (!closes.isEmpty()) {
      System.out.println("B3 " + c.name() + " " + path + ": closed by the server " + closes);
    }
    if (TIMELINE) {
      long first = Long.MAX_VALUE;
      for (Subscriber s : subs) {
        synchronized (s) {
          if (s.count > 0) {
            first = Math.min(first, s.firstNs);
          }
        }
      }
      timeline(c.name() + " " + path, subs, first);
    }
    Map<Integer, Result> byPort = new LinkedHashMap<>();
    for (int port : where.subscriberPorts()) {
      List<Subscriber> on = new ArrayList<>();
      for (int i = 0; i < subs.size(); i++) {
        if (ports.get(i) == port) {
          on.add(subs.get(i));
        }
      }
      byPort.put(port, measure(on, c.chunks(), Map.of()));
    }
    return measure(subs, c.chunks(), byPort);
  }

  /**
   * Deliveries (chunk events read), their rate from the first read to the last, and latency p50/p99
   * over {@code subs}, each of which expected {@code chunks} chunks.
   */
  private static Result measure(List<Subscriber> subs, int chunks, Map<Integer, Result> byPort) {
    long count = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Subscriber s : subs) {
      synchronized (s) {
        count += s.count;
        if (s.count > 0) {
          first = Math.min(first, s.firstNs);
          last = Math.max(last, s.lastNs);
        }
      }
    }
    long[] all = new long[(int) count];
    int k = 0;
    for (Subscriber s : subs) {
      synchronized (s) {
        System.arraycopy(s.latencies, 0, all, k, s.count);
        k += s.count;
      }
    }
    Arrays.sort(all);
    double seconds = Math.max(1e-9, (last - first) / 1e9);
    return new Result(
        count,
        (long) subs.size() * chunks,
        seconds,
        Streams.percentile(all, all.length, 0.50) / 1e6,
        Streams.percentile(all, all.length, 0.99) / 1e6,
        byPort);
  }

  /**
   * Counts chunk events and their latency without decoding the frame: finds each {@code
   * "chunk":"@<nanoTime>;} (the mock's stamp) and the end event in the frame's bytes.
   */
  static final class Subscriber implements NioWebSockets.Handler {
    private static final byte[] CHUNK = "\"chunk\":\"@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END =
        "\"event\":\"llm.stream.end\"".getBytes(StandardCharsets.US_ASCII);

    private final CountDownLatch registered;
    private final CountDownLatch ended;
    private boolean first = true;
    long[] latencies;
    long[] reads;
    int count;
    long firstNs;
    long lastNs;
    int closeCode;
    int nextIndex;
    String gap;
    private static final byte[] INDEX = "\"index\":".getBytes(StandardCharsets.US_ASCII);

    Subscriber(CountDownLatch registered, CountDownLatch ended, int expected) {
      this.registered = registered;
      this.ended = ended;
      this.latencies = new long[expected + 16];
      this.reads = new long[expected + 16];
    }

    @Override
    public synchronized void onText(byte[] buf, int off, int len, long readNanos) {
      if (first) {
        first = false;
        registered.countDown();
      }
      int end = off + len;
      int i = off;
      while ((i = NioWebSockets.indexOf(buf, i, end, CHUNK)) >= 0) {
        int j = i + CHUNK.length;
        long sent = 0;
        while (j < end && buf[j] >= '0' && buf[j] <= '9') {
          sent = sent * 10 + (buf[j++] - '0');
        }
        if (count == latencies.length) {
          latencies = Arrays.copyOf(latencies, count * 2);
          reads = Arrays.copyOf(reads, count * 2);
        }
        if (count == 0) {
          firstNs = readNanos;
        }
        lastNs = readNanos;
        reads[count] = readNanos;
        latencies[count++] = Math.max(0, readNanos - sent);
        int x = NioWebSockets.indexOf(buf, j, end, INDEX);
        if (x >= 0) {
          int k = x + INDEX.length;
          int idx = 0;
          while (k < end && buf[k] >= '0' && buf[k] <= '9') {
            idx = idx * 10 + (buf[k++] - '0');
          }
          if (idx != nextIndex && gap == null) {
            gap = "expected chunk index " + nextIndex + ", got " + idx;
          }
          nextIndex = idx + 1;
        }
        i = j;
      }
      if (NioWebSockets.indexOf(buf, off, end, END) >= 0) {
        ended.countDown();
      }
    }

    @Override
    public void onClose(int code) {
      synchronized (this) {
        closeCode = code;
      }
      ended.countDown();
    }
  }
}
