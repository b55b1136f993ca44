package io.ponybunny.bench;

import io.ponybunny.bench.FanOutBench.Config;
import io.ponybunny.bench.FanOutBench.Placement;
import io.ponybunny.bench.FanOutBench.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * B8, fan-out in a cluster against a single node, in the same run: B3's workload ({@link
 * FanOutBench#run}, one stream per goal from the upstream mock, subscribers on {@code
 * /ws/goals/{goalId}}) once on the bench server alone and once on three instances sharing one Redis
 * and one PostgreSQL (the {@code bench-cluster} profile's servers, ports {@code
 * -Dbench.cluster.ports}). On the cluster the streams start on the first instance and each goal's
 * subscribers are spread evenly over the three, so every event goes through Redis (append, then
 * pub/sub to each instance with subscribers, the first included). Reports deliveries/s and latency
 * p50/p99 from the mock's send stamp to the subscriber's read, for both, per instance of the
 * cluster, and what the cluster adds to the single node's latency. Without cluster ports the
 * summary row says the cluster was not configured and nothing runs.
 */
final class ClusterFanOutBench {

  /** The cluster's HTTP ports ({@code -Dbench.cluster.ports=9781,9782,9783}; empty: none). */
  static final List<Integer> CLUSTER =
      Arrays.stream(System.getProperty("bench.cluster.ports", "").split(","))
          .map(String::trim)
          .filter(p -> !p.isEmpty())
          .map(Integer::valueOf)
          .toList();

  /** Milliseconds between a stream's chunks in the paced rows ({@code -Dbench.b8.interval-ms}). */
  private static final int INTERVAL = Integer.getInteger("bench.b8.interval-ms", 16);

  /**
   * Milliseconds between a stream's chunks in the high-rate rows ({@code
   * -Dbench.b8.high-rate-interval-ms}, 0: none): 3 offers 100k deliveries/s to 300 subscribers, as
   * B3's capacity rows do, without a target.
   */
  private static final int HIGH_RATE_INTERVAL =
      Integer.getInteger("bench.b8.high-rate-interval-ms", 3);

  /** Chunks per stream in the paced rows ({@code -Dbench.b8.chunks}). */
  private static final int CHUNKS = Integer.getInteger("bench.b8.chunks", 600);

  /** Fan-out runs on each side before measuring ({@code -Dbench.b8.warmup-rounds}). */
  private static final int WARMUP_ROUNDS = Integer.getInteger("bench.b8.warmup-rounds", 3);

  /**
   * Runs per configuration and side ({@code -Dbench.b8.rounds}), the sides alternating: the table
   * shows the median of the rounds' rates and percentiles, so one burst of a neighbour's load does
   * not decide a row.
   */
  private static final int ROUNDS = Math.max(1, Integer.getInteger("bench.b8.rounds", 3));

  private static final String PATH = "/ws/goals/";

  private ClusterFanOutBench() {}

  /** The measured configurations: 300 subscribers as 1 goal x 300 and as 10 goals x 30. */
  static List<Config> configs() {
    List<Config> configs = new ArrayList<>();
    configs.add(new Config("1 goal x 300", 1, 300, CHUNKS, INTERVAL, false));
    configs.add(new Config("10 goals x 30", 10, 30, CHUNKS, INTERVAL, false));
    if (HIGH_RATE_INTERVAL > 0) {
      // as long as the paced streams, at the high rate
      int chunks = CHUNKS * INTERVAL / HIGH_RATE_INTERVAL;
      configs.add(new Config("1 goal x 300, high rate", 1, 300, chunks, HIGH_RATE_INTERVAL, true));
      configs.add(new Config("10 goals x 30, high rate", 10, 30, chunks, HIGH_RATE_INTERVAL, true));
    }
    return List.copyOf(configs);
  }

  /** Runs B8 (or records it as skipped), adding its table and summary rows to the suite. */
  static void run() throws Exception {
    if (CLUSTER.isEmpty()) {
      System.out.println(
          "B8 skipped: no cluster configured (set PONYBUNNY_BENCH_CLUSTER_REDIS_URL and"
              + " PONYBUNNY_BENCH_CLUSTER_POSTGRES_URL)");
      BenchSuite.summary(
          "B8",
          "fan-out, 3-instance cluster (Redis) vs single node",
          "deliveries/s; latency p50 / p99 ms",
          "skipped: no cluster configured",
          "—",
          "—",
          "—",
          "—");
      return;
    }
    int first = CLUSTER.get(0);
    for (int port : CLUSTER) {
      BenchAuth.sameKey(port, first); // one database: one key
    }
    BenchAuth.authorization(BenchSuite.PORT);
    BenchAuth.authorization(first);
    Placement single = Placement.single(BenchSuite.PORT);
    Placement cluster = new Placement(first, CLUSTER);
    BenchReport report =
        new BenchReport(
            "B8",
            "fan-out on a "
                + CLUSTER.size()
                + "-instance cluster (Redis pub/sub) vs a single node (deliveries/s, latency from"
                + " the mock's send to the client's read)",
            "config",
            "servers",
            "subscribers on",
            "deliveries (all rounds)",
            "lost",
            "deliveries/s",
            "p50 ms",
            "p99 ms",
            "p50 added vs single ms",
            "p99 added vs single ms");
    try (NioWebSockets clients = new NioWebSockets("b8-clients")) {
      Config warmUp = new Config("warm-up", 4, 30, 1000, 2, false);
      for (int i = 0; i < WARMUP_ROUNDS; i++) {
        FanOutBench.run(clients, warmUp, PATH, single);
        FanOutBench.run(clients, warmUp, PATH, cluster);
      }
      List<Config> configs = configs();
      for (int i = 0; i < configs.size(); i++) {
        Config c = configs.get(i);
        List<Result> singles = new ArrayList<>();
        List<Result> clusters = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
          // alternate which side goes first, so neither always runs after the other's garbage
          if ((i + r) % 2 == 0) {
            singles.add(FanOutBench.run(clients, c, PATH, single));
            clusters.add(FanOutBench.run(clients, c, PATH, cluster));
          } else {
            clusters.add(FanOutBench.run(clients, c, PATH, cluster));
            singles.add(FanOutBench.run(clients, c, PATH, single));
          }
        }
        Medians one = Medians.of(singles);
        Medians many = Medians.of(clusters);
        row(report, c, "single node", "all (1 instance)", one, one);
        row(report, c, "cluster", "all (" + CLUSTER.size() + " instances)", many, one);
        for (int port : CLUSTER) {
          String on = "instance :" + port + (port == first ? " (runs the streams)" : "");
          List<Result> onPort = clusters.stream().map(x -> x.byPort().get(port)).toList();
          row(report, c, "cluster", on, Medians.of(onPort), one);
        }
        summary(c, one, many);
      }
    }
    report.note(
        "Medians of "
            + ROUNDS
            + " rounds per side, alternating (deliveries and lost: sums). Single node: the bench"
            + " server, streams and "
            + "subscribers on it. Cluster: "
            + CLUSTER.size()
            + " Liberty servers of the same WAR (profile bench-cluster), one Redis, one PostgreSQL"
            + " database; the streams (mockoai, from the upstream mock) start on the first"
            + " instance, each goal's subscribers are spread evenly over all instances, and every"
            + " instance (the first too) gets the events by Redis pub/sub. Paced rows: "
            + CHUNKS
            + " chunks per stream at "
            + String.format(Locale.ROOT, "%.1f", 1000.0 / INTERVAL)
            + " chunks/s; high-rate rows at "
            + (HIGH_RATE_INTERVAL > 0 ? 1000 / HIGH_RATE_INTERVAL : 0)
            + " chunks/s (no target). Latency = client read time -"
            + " the mock's send stamp (System.nanoTime, one host); 'added' = cluster - single"
            + " node. All servers, Redis, the mock and the clients share the machine's cores, so"
            + " the cluster's three JVMs compete with each other rather than add capacity.");
    report.publish();
  }

  /**
   * Rounds of one side: deliveries and lost chunks summed, rate and percentiles the rounds'
   * medians.
   */
  record Medians(long deliveries, long lost, double perSecond, double p50Ms, double p99Ms) {

    static Medians of(List<Result> rounds) {
      return new Medians(
          rounds.stream().mapToLong(Result::deliveries).sum(),
          rounds.stream().mapToLong(r -> r.expected() - r.deliveries()).sum(),
          Streams.median(rounds.stream().mapToDouble(Result::perSecond).toArray()),
          Streams.median(rounds.stream().mapToDouble(Result::p50Ms).toArray()),
          Streams.median(rounds.stream().mapToDouble(Result::p99Ms).toArray()));
    }
  }

  private static void row(
      BenchReport report, Config c, String servers, String on, Medians r, Medians single) {
    report.row(
        c.name(),
        servers,
        on,
        r.deliveries(),
        r.lost(),
        r.perSecond(),
        r.p50Ms(),
        r.p99Ms(),
        r.p50Ms() - single.p50Ms(),
        r.p99Ms() - single.p99Ms());
  }

  private static void summary(Config c, Medians single, Medians cluster) {
    String workload =
        String.format(
            Locale.ROOT,
            "%s (%d per instance), %d chunks at %.1f/s (%.1fk deliveries/s offered)",
            c.name(),
            c.goals() * c.subscribers() / CLUSTER.size(),
            c.chunks(),
            1000.0 / c.intervalMs(),
            c.goals() * c.subscribers() * 1000.0 / c.intervalMs() / 1000.0);
    BenchSuite.summary(
        "B8",
        workload,
        "deliveries/s; latency p50 / p99 ms; added by the cluster p50 / p99 ms (medians of "
            + ROUNDS
            + " rounds)",
        String.format(
            Locale.ROOT,
            "cluster: %.0f; %.2f / %.2f; %+.2f / %+.2f",
            cluster.perSecond(),
            cluster.p50Ms(),
            cluster.p99Ms(),
            cluster.p50Ms() - single.p50Ms(),
            cluster.p99Ms() - single.p99Ms()),
        String.format(
            Locale.ROOT,
            "single node: %.0f; %.2f / %.2f",
            single.perSecond(),
            single.p50Ms(),
            single.p99Ms()),
        "n/a",
        c.capacity() ? "none (high-rate row)" : "—",
        "—");
  }
}
