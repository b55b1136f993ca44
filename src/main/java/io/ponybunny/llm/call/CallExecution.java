package io.ponybunny.llm.call;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.NonRetryableProviderException;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.RetryableProviderException;
import io.ponybunny.llm.http.HttpCall;
import io.ponybunny.llm.http.ProviderHttpClient;
import io.ponybunny.llm.provider.ProtocolAdapter;
import io.ponybunny.llm.provider.StreamParser;
import io.ponybunny.llm.routing.Backoff;
import io.ponybunny.llm.routing.CircuitBreaker;
import io.ponybunny.llm.routing.Route;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One LLM call from start to finish: the retry, fallback and non-streaming-fallback policy, the
 * HTTP attempts, timeouts and cancellation. Runs on the stream executor; not thread-safe.
 *
 * <p>Only the endpoint's own failures count against its circuit: 5xx and other retryable statuses,
 * connection failures, broken streams and timeouts at least as long as the endpoint's configured
 * ones. A timeout the caller chose shorter than the endpoint's, a request that cannot be built and
 * every non-retryable answer (400, 401, 403, 404, ...) leave the circuit as it was.
 */
final class CallExecution {

  private static final Logger LOG = Logger.getLogger(CallExecution.class.getName());
  private static final int READ_BUFFER = 2048;
  private static final String STREAM_ACCEPT =
      "text/event-stream, application/x-ndjson, application/json";

  /**
   * Failures of streaming itself (the stream broke, ended early or could not be parsed): only a
   * route that failed this way is tried once more without streaming.
   */
  private static final Set<String> STREAM_FAULTS =
      Set.of(
          "stream_broken",
          "incomplete_stream",
          "malformed_chunk",
          "malformed_event",
          "invalid_stream");

  private final CallCollaborators with;
  private final LlmCall call;
  private final List<Route> routes;
  private final List<ChatMessage> messages;
  private final LlmCompletionOptions options;
  private final Backoff backoff;
  private final CallLimits limits;
  private final long deadline;

  CallExecution(
      CallCollaborators with,
      LlmCall call,
      List<Route> routes,
      List<ChatMessage> messages,
      LlmCompletionOptions options,
      Backoff backoff,
      CallLimits limits) {
    this.with = with;
    this.call = call;
    this.routes = routes;
    this.messages = messages;
    this.options = options;
    this.backoff = backoff;
    this.limits = limits;
    this.deadline = with.watchdog().now() + limits.maxDuration().toNanos();
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
    StreamRun run =
        new StreamRun(
            call,
            options,
            with.publisher(),
            with.instance(),
            with.pricing(),
            routes.get(0),
            lastUserMessage(messages));
    ProviderException last = null;
    List<Route> wholeTries = new ArrayList<>();
    for (Route route : routes) {
      ProtocolAdapter adapter = with.adapter(route.protocol());
      if (!adapter.supportsStreaming()) {
        wholeTries.add(route);
        continue;
      }
      CircuitBreaker circuit = with.circuits().forEndpoint(route.endpoint().id());
      for (int attempt = 0; ; attempt++) {
        if (call.isCancelled()) {
          return run.cancelled();
        }
        if (!circuit.tryAcquire()) {
          last = circuitOpen(route, last);
          run.skipped(route, "circuit_open");
          break;
        }
        try {
          LlmResponse response = streamAttempt(route, adapter, run);
          if (response == null) {
            circuit.release();
            return run.cancelled();
          }
          circuit.onSuccess();
          return run.complete(response);
        } catch (ProviderException e) {
          record(circuit, e);
          if (call.isCancelled()) {
            return run.cancelled();
          }
          if (run.committed() || endsTheCall(e)) {
            throw run.fail(e);
          }
          last = e;
          run.attemptFailed(route, e);
          if (!waitBeforeRetry(route, attempt, e, run::waiting)) {
            if (call.isCancelled()) {
              return run.cancelled();
            }
            if (STREAM_FAULTS.contains(e.errorType()) && e.status() == 0) {
              wholeTries.add(route);
            }
            break;
          }
        }
      }
    }
    // Routes whose streaming itself failed before the first chunk (and routes that cannot
    // stream) get one non-streaming try; an HTTP error, a timeout or a non-retryable answer would
    // only come back the same way.
    for (Route route : wholeTries) {
      CircuitBreaker circuit = with.circuits().forEndpoint(route.endpoint().id());
      if (call.isCancelled()) {
        return run.cancelled();
      }
      if (!circuit.tryAcquire()) {
        last = circuitOpen(route, last);
        run.skipped(route, "circuit_open");
        continue;
      }
      try {
        LlmResponse response = once(route);
        circuit.onSuccess();
        return run.completeWhole(route, response);
      } catch (ProviderException e) {
        record(circuit, e);
        if (call.isCancelled()) {
          return run.cancelled();
        }
        if (endsTheCall(e)) {
          throw run.fail(e);
        }
        last = e;
        run.attemptFailed(route, e);
      }
    }
    if (call.isCancelled()) {
      return run.cancelled();
    }
    throw run.fail(last == null ? noRoute() : last);
  }

  /** The text of the last user message (what a history search finds the call by), or null. */
  static String lastUserMessage(List<ChatMessage> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      ChatMessage m = messages.get(i);
      if ("user".equals(m.role()) && m.content() != null) {
        return m.content();
      }
    }
    return null;
  }

  /** One streaming attempt; null when the call was cancelled during it. */
  private LlmResponse streamAttempt(Route route, ProtocolAdapter adapter, StreamRun run) {
    HttpCall httpCall = build(route, adapter, true);
    Upstream upstream = call.newUpstream();
    try (StreamWatchdog.Watch watch = watch(route, upstream)) {
      notPastTheCap(route, watch);
      call.watch().attempt(route);
      run.beginAttempt(route, watch);
      Response response;
      try {
        response = send(httpCall, STREAM_ACCEPT, upstream);
      } catch (IOException | RuntimeException e) {
        return orThrow(ioFailure(route, watch, e, "connection_error"));
      }
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
      } catch (ProviderException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        return orThrow(ioFailure(route, watch, e, "stream_broken"));
      } finally {
        release(response, readToEnd);
      }
      return run.attemptResult(route.endpoint().id());
    }
  }

  // ---- non-streaming --------------------------------------------------------------------------

  private LlmResponse nonStreaming() {
    ProviderException last = null;
    for (Route route : routes) {
      CircuitBreaker circuit = with.circuits().forEndpoint(route.endpoint().id());
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
          call.spent(with.pricing().spend(route.endpoint().id(), route.model(), response.usage()));
          return response;
        } catch (ProviderException e) {
          record(circuit, e);
          if (endsTheCall(e)) {
            throw e;
          }
          last = e;
          if (!waitBeforeRetry(route, attempt, e, delay -> {})) {
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
    ProtocolAdapter adapter = with.adapter(route.protocol());
    HttpCall httpCall = build(route, adapter, false);
    Upstream upstream = call.newUpstream();
    // A non-streaming answer arrives whole: its first byte is its first token.
    try (StreamWatchdog.Watch watch = watch(route, upstream)) {
      notPastTheCap(route, watch);
      call.watch().attempt(route);
      Response response;
      try {
        response = send(httpCall, "application/json", upstream);
      } catch (IOException | RuntimeException e) {
        throw orCancelled(route, ioFailure(route, watch, e, "connection_error"));
      }
      upstream.attach(() -> ProviderHttpClient.abort(response));
      boolean readToEnd = false;
      try {
        watch.firstToken();
        if (response.getStatus() / 100 != 2) {
          throw httpError(route, adapter, response);
        }
        byte[] body = readBody(response, limits.maxResponseBytes(), watch);
        if (body == null) {
          throw new NonRetryableProviderException(
              route.endpoint().id(),
              response.getStatus(),
              "response_too_large",
              "the answer is larger than "
                  + limits.maxResponseBytes()
                  + " bytes (ponybunny.http.max-response-bytes)",
              null);
        }
        readToEnd = true;
        return adapter.parseResponse(body);
      } catch (ProviderException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw orCancelled(route, ioFailure(route, watch, e, "connection_error"));
      } finally {
        release(response, readToEnd);
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * The attempt's request; a request that cannot be built is the caller's fault, not the host's.
   */
  private HttpCall build(Route route, ProtocolAdapter adapter, boolean stream) {
    try {
      return adapter.buildRequest(route.target(), request(route), stream);
    } catch (RuntimeException e) {
      throw new NonRetryableProviderException(
              route.endpoint().id(),
              0,
              "invalid_request",
              "the request for " + route.label() + " cannot be built: " + e.getMessage(),
              e)
          .causedByCaller();
    }
  }

  private StreamWatchdog.Watch watch(Route route, Upstream upstream) {
    return with.watchdog()
        .watch(firstTokenTimeout(route), idleTimeout(route), deadline, upstream::abort);
  }

  /** Throws the call's total timeout when its wall-clock cap passed before the attempt began. */
  private void notPastTheCap(Route route, StreamWatchdog.Watch watch) {
    if (watch.expired() != null) {
      throw timeout(route, watch);
    }
  }

  /**
   * What an I/O failure of an attempt means: null when the call was cancelled, a timeout when the
   * watchdog aborted it, else a retryable {@code type} failure.
   */
  private ProviderException ioFailure(
      Route route, StreamWatchdog.Watch watch, Exception e, String type) {
    if (call.isCancelled()) {
      return null;
    }
    if (watch.expired() != null) {
      return timeout(route, watch);
    }
    return new RetryableProviderException(route.endpoint().id(), 0, type, rootMessage(e), null, e);
  }

  private static LlmResponse orThrow(ProviderException e) {
    if (e != null) {
      throw e;
    }
    return null;
  }

  private static ProviderException orCancelled(Route route, ProviderException e) {
    return e != null ? e : cancelledError(route);
  }

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

  /** Whether no further attempt may follow {@code e}: the call's wall-clock cap passed. */
  private static boolean endsTheCall(ProviderException e) {
    return StreamWatchdog.TOTAL_TIMEOUT.equals(e.errorType());
  }

  /**
   * Waits before retrying {@code attempt}, telling {@code onWait} how long first; false when no
   * retry should follow.
   */
  private boolean waitBeforeRetry(
      Route route, int attempt, ProviderException e, Consumer<Duration> onWait) {
    if (!e.retryable() || attempt >= route.endpoint().maxRetries()) {
      return false;
    }
    Duration retryAfter = e instanceof RetryableProviderException r ? r.retryAfter() : null;
    if (retryAfter != null && retryAfter.compareTo(limits.maxRetryWait()) > 0) {
      return false;
    }
    Duration delay = backoff.delay(attempt, retryAfter, with.jitter());
    if (with.watchdog().now() + delay.toNanos() - deadline >= 0) {
      return false;
    }
    LOG.fine(
        () -> "retrying " + route.label() + " in " + delay.toMillis() + " ms: " + e.describe());
    onWait.accept(delay);
    return with.pause().pause(call, delay);
  }

  /** Counts the endpoint's own failures; anything else only releases a half-open trial. */
  static void record(CircuitBreaker circuit, ProviderException e) {
    if (e.retryable() && !e.callerCaused()) {
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

  /** Requests sent again at once when a kept-alive connection turns out closed. */
  static final int STALE_CONNECTION_RESENDS = 4;

  /**
   * POSTs {@code httpCall}. A request the provider never answered because the pooled keep-alive
   * connection it went on had been closed by the provider meanwhile ({@link
   * ProviderHttpClient#unanswered}: no byte of a response came, or the connection was reset) is
   * sent again at once on another connection, up to {@link #STALE_CONNECTION_RESENDS} times:
   * neither a backoff nor the circuit should pay for a connection the pool kept too long. The pool
   * checks a connection only after two idle seconds, and a provider that keeps fewer idle
   * connections than a burst left closes the rest at once: a benchmark run of 1024 streams lost 486
   * so, another lost 643 when the endpoint's circuit opened on such failures (findings 10).
   */
  private Response send(HttpCall httpCall, String accept, Upstream upstream) throws IOException {
    for (int resent = 0; ; resent++) {
      Future<Response> pending = with.http().post(httpCall, accept);
      upstream.attach(() -> pending.cancel(true));
      try {
        return await(pending);
      } catch (IOException e) {
        if (resent == STALE_CONNECTION_RESENDS
            || call.isCancelled()
            || !ProviderHttpClient.unanswered(e)) {
          throw e;
        }
      }
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
      body = readBody(response, CallLimits.MAX_ERROR_BODY, null);
      if (body == null) {
        body = new byte[0];
      }
    } catch (IOException | RuntimeException e) {
      body = new byte[0];
    }
    return adapter
        .parseError(response.getStatus(), response::getHeaderString, body)
        .withProvider(route.endpoint().id());
  }

  /**
   * Reads a whole body of at most {@code max} bytes, reporting activity to {@code watch} (may be
   * null); null when the body is larger. Error bodies are read only this far: what follows is cut.
   */
  static byte[] readBody(Response response, int max, StreamWatchdog.Watch watch)
      throws IOException {
    try (InputStream in = response.readEntity(InputStream.class)) {
      if (in == null) {
        return new byte[0];
      }
      if (watch == null) {
        return in.readNBytes(max);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) != -1) {
        watch.activity();
        if (out.size() + n > max) {
          return null;
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }

  private ProviderException timeout(Route route, StreamWatchdog.Watch watch) {
    String type = watch.expired();
    if (StreamWatchdog.TOTAL_TIMEOUT.equals(type)) {
      return new NonRetryableProviderException(
          route.endpoint().id(),
          0,
          type,
          "the call reached its limit of "
              + limits.maxDuration().toSeconds()
              + " s (ponybunny.stream.max-duration-seconds)",
          null);
    }
    boolean firstToken = "first_token_timeout".equals(type);
    String what = firstToken ? "no first token" : "no data";
    ProviderException e =
        new RetryableProviderException(
            route.endpoint().id(),
            0,
            type,
            what + " within " + watch.limit().toMillis() + " ms",
            null,
            null);
    Duration configured =
        firstToken ? route.endpoint().firstTokenTimeout() : route.endpoint().idleTimeout();
    return watch.limit().compareTo(configured) < 0 ? e.causedByCaller() : e;
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
