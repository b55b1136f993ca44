package io.ponybunny.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Clients of the three paths (direct to the mock, PonyBunny over {@code /api/completions} and
 * {@code /ws/goals/{goalId}}, the peer gateway), each recording one stream as a {@link Trace}:
 * request send time, per-chunk receive time minus the mock's send stamp, largest gap between
 * chunks. Times are {@link System#nanoTime()}.
 */
final class Streams {

  /** What one stream delivered. */
  static final class Trace {
    final CountDownLatch done = new CountDownLatch(1);
    long sendNs;
    long firstNs;
    long lastNs;
    long maxGapNs;
    long[] latNs = new long[64];
    int count;
    volatile String error;

    synchronized void onText(CharSequence text) {
      long now = System.nanoTime();
      int n = text.length();
      for (int i = 0; i < n; i++) {
        if (text.charAt(i) != '@') {
          continue;
        }
        long v = 0;
        int j = i + 1;
        while (j < n && Character.isDigit(text.charAt(j))) {
          v = v * 10 + (text.charAt(j) - '0');
          j++;
        }
        if (j == i + 1 || j >= n || text.charAt(j) != ';') {
          continue;
        }
        if (count == 0) {
          firstNs = now;
        } else {
          maxGapNs = Math.max(maxGapNs, now - lastNs);
        }
        lastNs = now;
        if (count == latNs.length) {
          latNs = Arrays.copyOf(latNs, count * 2);
        }
        latNs[count++] = now - v;
        i = j;
      }
    }

    void fail(String why) {
      if (error == null) {
        error = why;
      }
      done.countDown();
    }

    long ttftNs() {
      return firstNs - sendNs;
    }

    boolean await(long seconds) throws InterruptedException {
      return done.await(seconds, TimeUnit.SECONDS);
    }
  }

  private Streams() {}

  /**
   * An HTTP/1.1 client: the JDK client's default h2c upgrade headers make Portkey (undici) reject
   * every request, and neither the mock nor the direct path speaks HTTP/2.
   */
  static HttpClient http11() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  /** Posts an OpenAI/Anthropic/Gemini streaming request to {@code url}; reads SSE lines. */
  static Trace sse(HttpClient client, String url, String body, String... headers) {
    Trace t = new Trace();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    t.sendNs = System.nanoTime();
    client
        .sendAsync(
            b.build(),
            HttpResponse.BodyHandlers.fromLineSubscriber(
                new Flow.Subscriber<String>() {
                  @Override
                  public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                  }

                  @Override
                  public void onNext(String line) {
                    t.onText(line);
                  }

                  @Override
                  public void onError(Throwable e) {
                    t.fail(String.valueOf(e));
                  }

                  @Override
                  public void onComplete() {
                    t.done.countDown();
                  }
                }))
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                t.fail(String.valueOf(e));
              } else if (r.statusCode() != 200) {
                t.fail("HTTP " + r.statusCode());
              }
            });
    return t;
  }

  /** A WebSocket subscriber on a goal channel, recording chunk events. */
  static final class GoalSocket implements WebSocket.Listener {
    final Trace trace = new Trace();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static CompletableFuture<GoalSocket> open(HttpClient client, int port, String goalId) {
      GoalSocket g = new GoalSocket();
      return client
          .newWebSocketBuilder()
          .connectTimeout(Duration.ofSeconds(60))
          .buildAsync(URI.create("ws://localhost:" + port + "/ws/goals/" + goalId), g)
          .thenApply(
              ws -> {
                g.socket = ws;
                return g;
              });
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      CharSequence text = data;
      if (!last || partial.length() > 0) {
        partial.append(data);
        if (!last) {
          return null;
        }
        text = partial.toString();
        partial.setLength(0);
      }
      trace.onText(text);
      String s = text.toString();
      if (s.contains("\"event\":\"llm.stream.error\"")) {
        trace.fail("stream error event");
      } else if (s.contains("\"event\":\"llm.stream.end\"")) {
        trace.done.countDown();
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      trace.fail("closed " + statusCode + " " + reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      trace.fail(String.valueOf(error));
    }

    void close() {
      if (socket != null) {
        socket.abort();
      }
    }
  }

  /** Starts a PonyBunny completion on a goal; the answer arrives when the stream has ended. */
  static CompletableFuture<HttpResponse<Void>> complete(
      HttpClient client, int port, String model, String goalId) {
    String body =
        "{\"model\":\""
            + model
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"bench\"}],\"goalId\":\""
            + goalId
            + "\",\"stream\":true}";
    return client.sendAsync(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/completions"))
            .timeout(Duration.ofSeconds(600))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  static String openAiBody(String model) {
    return "{\"model\":\""
        + model
        + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"bench\"}]}";
  }

  static double percentile(long[] sorted, int n, double p) {
    if (n == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(n - 1, Math.floor(p * n))];
  }

  static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
  }
}
