package io.ponybunny.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * B3, fan-out: simulator streams broadcast to WebSocket subscribers, for 1 goal x 1, 10 x 100 and 1
 * x 1000 subscribers, on {@code /ws/goals/{goalId}} and on the bare baseline {@code
 * /ws/bench/bare/{goalId}} in the same run. Reports deliveries (chunk events received by
 * subscribers) per second and end-to-end latency p50/p99 from the chunk's send time to the client's
 * receive time.
 *
 * <p>Run by {@code mvn -Pbench verify} against the Liberty server the build starts; {@code
 * -Dbench.http.port} names its port.
 */
public final class FanOutBench {

  private static final Clock CLOCK = Clock.systemUTC();
  private static final int PORT = Integer.getInteger("bench.http.port", 9080);

  /** One configuration: goals x subscribers per goal, with one stream per goal. */
  record Config(String name, int goals, int subscribers, int tokens, int tps) {}

  /** What one run measured. */
  record Result(long deliveries, double seconds, double p50Ms, double p99Ms) {}

  private FanOutBench() {}

  public static void main(String[] args) throws Exception {
    List<Config> configs =
        List.of(
            new Config("1 goal x 1", 1, 1, 4000, 0),
            new Config("10 goals x 100", 10, 100, 300, 60),
            new Config("1 goal x 1000", 1, 1000, 300, 60));
    BenchReport report =
        new BenchReport(
            "B3",
            "WebSocket fan-out (deliveries/s, latency from chunk send to client receive)",
            "config",
            "endpoint",
            "deliveries",
            "deliveries/s",
            "p50 ms",
            "p99 ms",
            "% of bare (deliveries/s)");
    run(new Config("warm-up", 2, 10, 300, 0), "/ws/goals/");
    run(new Config("warm-up", 2, 10, 300, 0), "/ws/bench/bare/");
    for (Config c : configs) {
      Result bare = run(c, "/ws/bench/bare/");
      Result ours = run(c, "/ws/goals/");
      report.row(
          c.name(),
          "/ws/goals (PonyBunny)",
          ours.deliveries(),
          ours.deliveries() / ours.seconds(),
          ours.p50Ms(),
          ours.p99Ms(),
          100.0 * (ours.deliveries() / ours.seconds()) / (bare.deliveries() / bare.seconds()));
      report.row(
          c.name(),
          "bare echo-broadcast",
          bare.deliveries(),
          bare.deliveries() / bare.seconds(),
          bare.p50Ms(),
          bare.p99Ms(),
          100.0);
    }
    report.note(
        "Streams: 1x1 one stream of 4000 tokens unpaced; 10x100 and 1x1000 one stream per goal of"
            + " 300 tokens at 60 tokens/s. Send time = the chunk's `timestamp` (epoch ms, taken"
            + " when the server reads the simulator's frame); latency therefore overstates by up"
            + " to 1 ms. Client and server share one machine and its cores.");
    report.publish();
  }

  /** Subscribes, runs one stream per goal, waits for every subscriber to see its end. */
  static Result run(Config c, String path) throws Exception {
    String runId = UUID.randomUUID().toString().substring(0, 8);
    List<HttpClient> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      clients.add(HttpClient.newHttpClient());
    }
    CountDownLatch ended = new CountDownLatch(c.goals() * c.subscribers());
    List<Subscriber> subs = new ArrayList<>();
    List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
    for (int g = 0; g < c.goals(); g++) {
      for (int s = 0; s < c.subscribers(); s++) {
        Subscriber sub = new Subscriber(ended);
        subs.add(sub);
        opening.add(
            clients
                .get(subs.size() % clients.size())
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(
                    URI.create("ws://localhost:" + PORT + path + "b3-" + runId + "-" + g), sub));
      }
    }
    List<WebSocket> sockets = new ArrayList<>();
    for (CompletableFuture<WebSocket> f : opening) {
      sockets.add(f.get(60, TimeUnit.SECONDS));
    }
    long start = System.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int g = 0; g < c.goals(); g++) {
      String body =
          "{\"model\":\"sim/b3~tokens="
              + c.tokens()
              + "~tps="
              + c.tps()
              + "\",\"messages\":[{\"role\":\"user\",\"content\":\"fan-out\"}],\"goalId\":\"b3-"
              + runId
              + "-"
              + g
              + "\",\"stream\":true}";
      calls.add(
          clients
              .get(0)
              .sendAsync(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + PORT + "/api/completions"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      HttpResponse<String> r = call.get(120, TimeUnit.SECONDS);
      if (r.statusCode() != 200) {
        throw new IllegalStateException("completion " + r.statusCode() + ": " + r.body());
      }
    }
    if (!ended.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException(ended.getCount() + " subscribers did not see the end");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    for (WebSocket ws : sockets) {
      ws.abort();
    }
    long n = 0;
    for (Subscriber s : subs) {
      n += s.count;
    }
    long[] all = new long[(int) n];
    int k = 0;
    for (Subscriber s : subs) {
      System.arraycopy(s.latencies, 0, all, k, s.count);
      k += s.count;
    }
    Arrays.sort(all);
    return new Result(n, seconds, percentile(all, 0.50), percentile(all, 0.99));
  }

  private static double percentile(long[] sortedMicros, double p) {
    if (sortedMicros.length == 0) {
      return Double.NaN;
    }
    return sortedMicros[
            (int) Math.min(sortedMicros.length - 1, Math.floor(p * sortedMicros.length))]
        / 1000.0;
  }

  /** Counts chunk events and their latency without parsing JSON (scans the frame text). */
  static final class Subscriber implements WebSocket.Listener {
    private static final String CHUNK = "\"event\":\"llm.stream.chunk\"";
    private static final String TS = "\"timestamp\":";
    private static final String END = "\"event\":\"llm.stream.end\"";

    private final CountDownLatch ended;
    private final StringBuilder partial = new StringBuilder();
    long[] latencies = new long[1024];
    int count;

    Subscriber(CountDownLatch ended) {
      this.ended = ended;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      if (!last) {
        partial.append(data);
        return null;
      }
      Instant now = CLOCK.instant();
      long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
      String text;
      if (partial.length() > 0) {
        text = partial.append(data).toString();
        partial.setLength(0);
      } else {
        text = data.toString();
      }
      int i = 0;
      while ((i = text.indexOf(CHUNK, i)) >= 0) {
        int t = text.indexOf(TS, i) + TS.length();
        int e = t;
        while (e < text.length() && Character.isDigit(text.charAt(e))) {
          e++;
        }
        long sentMillis = Long.parseLong(text, t, e, 10);
        if (count == latencies.length) {
          latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = Math.max(0, nowMicros - sentMillis * 1000);
        i = e;
      }
      if (text.contains(END)) {
        ended.countDown();
      }
      return null;
    }
  }
}
