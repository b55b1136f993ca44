package io.ponybunny.llm;

import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One LLM call from start to finish: the retry, fallback and non-streaming-fallback policy, the
 * HTTP attempts, timeouts and cancellation. Runs on the stream executor; not thread-safe.
 */
final class CallExecution {

  private static final Logger LOG = Logger.getLogger(CallExecution.class.getName());
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final int READ_BUFFER = 2048;
  private static final String STREAM_ACCEPT =
      "text/event-stream, application/x-ndjson, application/json";

  private final ProviderManager manager;
  private final LlmCall call;
  private final List<Route> routes;
  private final List<ChatMessage> messages;
  private final LlmCompletionOptions options;
  private final Backoff backoff;
  private final Duration maxRetryWait;

  CallExecution(
      ProviderManager manager,
      LlmCall call,
      List<Route> routes,
      List<ChatMessage> messages,
      LlmCompletionOptions options,
      Backoff backoff,
      Duration maxRetryWait) {
    this.manager = manager;
    this.call = call;
    this.routes = routes;
    this.messages = messages;
    this.options = options;
    this.backoff = backoff;
    this.maxRetryWait = maxRetryWait;
  }

  void run() {
    try {
      LlmResponse response = options.stream() ? streaming() : nonStreaming();
      if (options.onComplete() != null) {
        options.onComplete().accept(response);
      }
      call.complete(response);
    } catch (ProviderException e) {
      if (options.onError() != null) {
        options.onError().accept(e);
      }
      call.fail(e);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.WARNING, "LLM call " + call.requestId() + " failed unexpectedly", e);
      call.fail(
          new NonRetryableProviderException(
              routes.get(0).endpoint().id(), 0, "internal_error", e.getClass().getSimpleName(), e));
    }
  }

  // ---- streaming ------------------------------------------------------------------------------

  private LlmResponse streaming() {
    StreamRun run = new StreamRun(call, options, manager.publisher());
    run.start(routes.get(0));
    ProviderException last = null;
    for (Route route : routes) {
      ProtocolAdapter adapter = manager.adapter(route.protocol());
      if (!adapter.supportsStreaming()) {
        continue;
      }
      CircuitBreaker circuit = manager.circuits().forEndpoint(route.endpoint().id());
      for (int attempt = 0; ; attempt++) {
        if (call.isCancelled()) {
          return run.cancelled();
        }
        if (!circuit.tryAcquire()) {
          last = circuitOpen(route, last);
          break;
        }
        try {
          LlmResponse response = streamAttempt(route, adapter, run);
          circuit.onSuccess();
          return response == null ? run.cancelled() : run.complete(response);
        } catch (ProviderException e) {
          record(circuit, e);
          if (call.isCancelled()) {
            return run.cancelled();
          }
          if (run.chunksEmitted() > 0) {
            throw run.fail(e);
          }
          last = e;
          if (!waitBeforeRetry(route, attempt, e)) {
            if (call.isCancelled()) {
              return run.cancelled();
            }
            break;
          }
        }
      }
    }
    // Every streaming attempt failed before the first chunk: one non-streaming try per route.
    for (Route route : routes) {
      CircuitBreaker circuit = manager.circuits().forEndpoint(route.endpoint().id());
      if (call.isCancelled()) {
        return run.cancelled();
      }
      if (!circuit.tryAcquire()) {
        continue;
      }
      try {
        LlmResponse response = once(route);
        circuit.onSuccess();
        return run.completeWhole(response);
      } catch (ProviderException e) {
        record(circuit, e);
        last = e;
      }
    }
    if (call.isCancelled()) {
      return run.cancelled();
    }
    throw run.fail(last == null ? noRoute() : last);
  }

  /** One streaming attempt; null when the call was cancelled during it. */
  private LlmResponse streamAttempt(Route route, ProtocolAdapter adapter, StreamRun run) {
    Upstream upstream = call.newUpstream();
    try (StreamWatchdog.Watch watch =
        manager.watchdog().watch(firstTokenTimeout(route), idleTimeout(route), upstream::abort)) {
      run.beginAttempt(watch);
      try {
        HttpCall httpCall = adapter.buildRequest(route.target(), request(route), true);
        Future<Response> pending = manager.http().post(httpCall, STREAM_ACCEPT);
        upstream.attach(() -> pending.cancel(true));
        Response response = await(pending);
        upstream.attach(() -> ProviderHttpClient.abort(response));
        boolean readToEnd = false;
        try {
          watch.activity();
          if (response.getStatus() / 100 != 2) {
            throw httpError(route, adapter, response);
          }
          String type = response.getMediaType() == null ? null : response.getMediaType().toString();
          StreamParser parser = adapter.newStreamParser(type);
          InputStream in = response.readEntity(InputStream.class);
          // Provider events are small and the parsers take any split: a read buffer this size
          // holds a burst of them, and every live stream keeps one (B5).
          byte[] buf = new byte[READ_BUFFER];
          int n;
          while ((n = in.read(buf)) != -1) {
            watch.activity();
            parser.parseStreamChunk(buf, 0, n, run);
          }
          readToEnd = true;
          if (upstream.aborted()) {
            throw new IOException("connection closed");
          }
          parser.endOfStream(run);
        } finally {
          release(response, readToEnd);
        }
        return run.attemptResult(route.endpoint().id());
      } catch (ProviderException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        if (call.isCancelled()) {
          return null;
        }
        if (watch.expired() != null) {
          throw timeout(route, watch);
        }
        throw new RetryableProviderException(
            route.endpoint().id(), 0, "stream_broken", rootMessage(e), null, e);
      }
    }
  }

  // ---- non-streaming --------------------------------------------------------------------------

  private LlmResponse nonStreaming() {
    ProviderException last = null;
    for (Route route : routes) {
      CircuitBreaker circuit = manager.circuits().forEndpoint(route.endpoint().id());
      for (int attempt = 0; ; attempt++) {
        if (call.isCancelled()) {
          throw cancelledError(route);
        }
        if (!circuit.tryAcquire()) {
          last = circuitOpen(route, last);
          break;
        }
        try {
          LlmResponse response = once(route);
          circuit.onSuccess();
          return response;
        } catch (ProviderException e) {
          record(circuit, e);
          last = e;
          if (!waitBeforeRetry(route, attempt, e)) {
            break;
          }
        }
      }
    }
    if (call.isCancelled()) {
      throw cancelledError(routes.get(0));
    }
    throw last == null ? noRoute() : last;
  }

  private LlmResponse once(Route route) {
    ProtocolAdapter adapter = manager.adapter(route.protocol());
    Upstream upstream = call.newUpstream();
    // A non-streaming answer arrives whole: its first byte is its first token.
    try (StreamWatchdog.Watch watch =
        manager.watchdog().watch(firstTokenTimeout(route), idleTimeout(route), upstream::abort)) {
      try {
        HttpCall httpCall = adapter.buildRequest(route.target(), request(route), false);
        Future<Response> pending = manager.http().post(httpCall, "application/json");
        upstream.attach(() -> pending.cancel(true));
        Response response = await(pending);
        upstream.attach(() -> ProviderHttpClient.abort(response));
        boolean readToEnd = false;
        try {
          watch.firstToken();
          if (response.getStatus() / 100 != 2) {
            throw httpError(route, adapter, response);
          }
          byte[] body = readBody(response);
          readToEnd = true;
          return adapter.parseResponse(body);
        } finally {
          release(response, readToEnd);
        }
      } catch (ProviderException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        if (call.isCancelled()) {
          throw cancelledError(route);
        }
        if (watch.expired() != null) {
          throw timeout(route, watch);
        }
        throw new RetryableProviderException(
            route.endpoint().id(), 0, "connection_error", rootMessage(e), null, e);
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Duration firstTokenTimeout(Route route) {
    return options.firstTokenTimeout() != null
        ? options.firstTokenTimeout()
        : route.endpoint().firstTokenTimeout();
  }

  private Duration idleTimeout(Route route) {
    return options.idleTimeout() != null ? options.idleTimeout() : route.endpoint().idleTimeout();
  }

  private LlmRequest request(Route route) {
    return new LlmRequest(
        route.model(), messages, options.maxTokens(), options.temperature(), options.tools());
  }

  /** Waits before retrying {@code attempt}; false when no retry should follow. */
  private boolean waitBeforeRetry(Route route, int attempt, ProviderException e) {
    if (!e.retryable() || attempt >= route.endpoint().maxRetries()) {
      return false;
    }
    Duration retryAfter = e instanceof RetryableProviderException r ? r.retryAfter() : null;
    if (retryAfter != null && retryAfter.compareTo(maxRetryWait) > 0) {
      return false;
    }
    Duration delay = backoff.delay(attempt, retryAfter, ThreadLocalRandom.current()::nextDouble);
    LOG.fine(
        () -> "retrying " + route.label() + " in " + delay.toMillis() + " ms: " + e.describe());
    return call.pause(delay);
  }

  private static void record(CircuitBreaker circuit, ProviderException e) {
    if (e.retryable()) {
      circuit.onFailure();
    } else {
      circuit.release();
    }
  }

  /** Closes a fully read response; aborts one left half-read (never drains a live stream). */
  private static void release(Response response, boolean readToEnd) {
    if (readToEnd) {
      response.close();
    } else {
      ProviderHttpClient.abort(response);
    }
  }

  private static Response await(Future<Response> pending) throws IOException {
    try {
      return pending.get();
    } catch (CancellationException e) {
      throw new IOException("request abandoned", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException(rootMessage(cause), cause);
    }
  }

  private static ProviderException httpError(
      Route route, ProtocolAdapter adapter, Response response) {
    byte[] body;
    try {
      body = readBody(response);
    } catch (IOException | RuntimeException e) {
      body = new byte[0];
    }
    return adapter
        .parseError(response.getStatus(), response::getHeaderString, body)
        .withProvider(route.endpoint().id());
  }

  private static byte[] readBody(Response response) throws IOException {
    try (InputStream in = response.readEntity(InputStream.class)) {
      return in == null ? new byte[0] : in.readNBytes(MAX_ERROR_BODY);
    }
  }

  private static ProviderException timeout(Route route, StreamWatchdog.Watch watch) {
    String type = watch.expired();
    String what = "first_token_timeout".equals(type) ? "no first token" : "no data";
    return new RetryableProviderException(
        route.endpoint().id(),
        0,
        type,
        what + " within " + watch.limit().toMillis() + " ms",
        null,
        null);
  }

  private ProviderException circuitOpen(Route route, ProviderException last) {
    return last != null
        ? last
        : new RetryableProviderException(
            route.endpoint().id(),
            0,
            "circuit_open",
            "endpoint '" + route.endpoint().id() + "' is failing; calls are paused",
            null,
            null);
  }

  private ProviderException noRoute() {
    Route first = routes.get(0);
    return new RetryableProviderException(
        first.endpoint().id(),
        0,
        "circuit_open",
        "no endpoint of '" + call.model() + "' is accepting calls",
        null,
        null);
  }

  private static ProviderException cancelledError(Route route) {
    return new NonRetryableProviderException(
        route.endpoint().id(), 0, "cancelled", "the call was cancelled", null);
  }

  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
