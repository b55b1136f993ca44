package io.ponybunny.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
    long[] gapNs = new long[64];
    int count;
    volatile String error;

    /**
     * Records every {@code @<nanoTime>;} stamp in {@code b[off, off + len)}, read at {@code now}.
     */
    synchronized void onBytes(byte[] b, int off, int len, long now) {
      int end = off + len;
      for (int i = off; i < end; i++) {
        if (b[i] != '@') {
          continue;
        }
        long v = 0;
        int j = i + 1;
        while (j < end && b[j] >= '0' && b[j] <= '9') {
          v = v * 10 + (b[j] - '0');
          j++;
        }
        if (j == i + 1 || j >= end || b[j] != ';') {
          continue;
        }
        record(now, v);
        i = j;
      }
    }

    private void record(long now, long sentNs) {
      if (count == latNs.length) {
        latNs = Arrays.copyOf(latNs, count * 2);
        gapNs = Arrays.copyOf(gapNs, count * 2);
      }
      if (count == 0) {
        firstNs = now;
      } else {
        maxGapNs = Math.max(maxGapNs, now - lastNs);
        gapNs[count - 1] = now - lastNs;
      }
      lastNs = now;
      latNs[count++] = now - sentNs;
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

  /**
   * Posts an OpenAI/Anthropic/Gemini streaming request to {@code url} with {@link RawHttp}; records
   * the stamps in the body as it arrives. {@code client} is unused (kept for the callers' shape).
   */
  static Trace sse(HttpClient client, String url, String body, String... headers) {
    Trace t = new Trace();
    URI uri = URI.create(url);
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    t.sendNs = System.nanoTime();
    RawHttp.post(
        uri.getPort(),
        path,
        body,
        new RawHttp.Body() {
          @Override
          public void status(int code) {
            if (code != 200) {
              t.fail("HTTP " + code);
            }
          }

          @Override
          public void bytes(byte[] buf, int off, int len, long readNanos) {
            t.onBytes(buf, off, len, readNanos);
          }

          @Override
          public void end(String error) {
            if (error != null) {
              t.fail(error);
            }
            t.done.countDown();
          }
        },
        headers);
    return t;
  }

  /** The benchmarks' WebSocket connections: one selector thread for all of them. */
  private static NioWebSockets sockets;

  static synchronized NioWebSockets sockets() {
    if (sockets == null) {
      try {
        sockets = new NioWebSockets("bench-ws");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return sockets;
  }

  /** A WebSocket subscriber on a goal channel ({@link NioWebSockets}), recording chunk events. */
  static final class GoalSocket implements NioWebSockets.Handler {
    private static final byte[] ERROR =
        "\"event\":\"llm.stream.error\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] END =
        "\"event\":\"llm.stream.end\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    final Trace trace = new Trace();
    private volatile boolean closing;
    private NioWebSockets.Connection connection;

    /** Opens a subscriber on {@code /ws/goals/{goalId}}; {@code client} is unused. */
    static CompletableFuture<GoalSocket> open(HttpClient client, int port, String goalId) {
      GoalSocket g = new GoalSocket();
      return sockets()
          .open(port, "/ws/goals/" + goalId, g)
          .thenApply(
              c -> {
                g.connection = c;
                return g;
              });
    }

    @Override
    public void onText(byte[] buf, int off, int len, long readNanos) {
      trace.onBytes(buf, off, len, readNanos);
      if (NioWebSockets.indexOf(buf, off, off + len, ERROR) >= 0) {
        String frame = new String(buf, off, len, java.nio.charset.StandardCharsets.UTF_8);
        int data = frame.indexOf("\"data\"");
        trace.fail(
            "stream error event "
                + frame.substring(Math.max(0, data), Math.min(frame.length(), data + 200)));
      } else if (NioWebSockets.indexOf(buf, off, off + len, END) >= 0) {
        trace.done.countDown();
      }
    }

    @Override
    public void onClose(int code) {
      if (!closing) {
        trace.fail("closed " + code);
      }
    }

    void close() {
      closing = true;
      if (connection != null) {
        connection.close();
      }
    }
  }

  /**
   * Starts a PonyBunny completion on a goal with {@link RawHttp}; completes with the HTTP status
   * when the answer (which comes when the stream has ended) was read. {@code client} is unused.
   */
  static CompletableFuture<Integer> complete(
      HttpClient client, int port, String model, String goalId) {
    String body =
        "{\"model\":\""
            + model
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"bench\"}],\"goalId\":\""
            + goalId
            + "\",\"stream\":true}";
    CompletableFuture<Integer> result = new CompletableFuture<>();
    RawHttp.post(
        port,
        "/api/completions",
        body,
        new RawHttp.Body() {
          private int status;
          private final StringBuilder problem = new StringBuilder();

          @Override
          public void status(int code) {
            status = code;
          }

          @Override
          public void bytes(byte[] buf, int off, int len, long readNanos) {
            // the accumulated answer is not measured; a failure's problem JSON is kept for the
            // report
            if (status != 200 && problem.length() < 300) {
              problem.append(
                  new String(
                      buf, off, Math.min(len, 300), java.nio.charset.StandardCharsets.UTF_8));
            }
          }

          @Override
          public void end(String error) {
            if (error != null && status == 0) {
              result.completeExceptionally(new java.io.IOException(error));
            } else if (status != 200) {
              result.completeExceptionally(
                  new java.io.IOException("HTTP " + status + " " + problem));
            } else {
              result.complete(status);
            }
          }
        },
        "Authorization",
        BenchAuth.authorization(port));
    return result;
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
