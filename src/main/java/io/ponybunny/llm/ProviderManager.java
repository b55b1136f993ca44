package io.ponybunny.llm;

import io.ponybunny.ManagedExecutors;
import io.ponybunny.stream.StreamEventPublisher;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The entry point for LLM calls: resolves the model to an endpoint and its protocol adapter, runs
 * the call on the stream executor, and for streaming calls emits {@code llm.stream.start}, one
 * {@code llm.stream.chunk} per text delta with a gapless index, then exactly one {@code
 * llm.stream.end} or {@code llm.stream.error}.
 */
@ApplicationScoped
public class ProviderManager {

  private static final Logger LOG = Logger.getLogger(ProviderManager.class.getName());
  private static final int MAX_ERROR_BODY = 64 * 1024;

  @Inject ModelRouter router;
  @Inject ProviderHttpClient http;
  @Inject StreamEventPublisher publisher;
  @Inject @Any Instance<ProtocolAdapter> adapterBeans;

  @Resource(lookup = ManagedExecutors.STREAM_EXECUTOR)
  ManagedExecutorService executor;

  private volatile Map<String, ProtocolAdapter> adapters;

  /**
   * Starts a call. Resolves the model at once (throwing {@link UnknownModelException}), then runs
   * the call in the background; the returned handle gives its result and cancels it.
   */
  public LlmCall call(String model, List<ChatMessage> messages, LlmCompletionOptions options) {
    Route route = router.route(model);
    ProtocolAdapter adapter = adapter(route.protocol());
    String requested = model == null || model.isBlank() ? router.defaultModel() : model;
    LlmCall call = new LlmCall("req_" + UUID.randomUUID().toString().replace("-", ""), requested);
    LlmRequest request =
        new LlmRequest(
            route.model(), messages, options.maxTokens(), options.temperature(), options.tools());
    executor.execute(() -> run(call, route, adapter, request, options));
    return call;
  }

  /** Runs a call and waits for its response (the seed's {@code callLLM}). */
  public LlmResponse callLLM(String model, List<ChatMessage> messages, LlmCompletionOptions opts) {
    return call(model, messages, opts).await();
  }

  private void run(
      LlmCall call,
      Route route,
      ProtocolAdapter adapter,
      LlmRequest request,
      LlmCompletionOptions o) {
    try {
      LlmResponse response =
          o.stream() && adapter.supportsStreaming()
              ? stream(call, route, adapter, request, o)
              : once(route, adapter, request);
      if (o.onComplete() != null) {
        o.onComplete().accept(response);
      }
      call.complete(response);
    } catch (ProviderException e) {
      if (o.onError() != null) {
        o.onError().accept(e);
      }
      call.fail(e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "LLM call " + call.requestId() + " failed unexpectedly", e);
      ProviderException pe =
          new NonRetryableProviderException(
              route.target().id(), 0, "internal_error", e.getClass().getSimpleName(), e);
      if (o.onError() != null) {
        o.onError().accept(pe);
      }
      call.fail(pe);
    }
  }

  private LlmResponse once(Route route, ProtocolAdapter adapter, LlmRequest request) {
    HttpCall httpCall = adapter.buildRequest(route.target(), request, false);
    try (Response response = post(route, httpCall, "application/json")) {
      byte[] body = readBody(route, response);
      if (response.getStatus() / 100 != 2) {
        throw adapter
            .parseError(response.getStatus(), response::getHeaderString, body)
            .withProvider(route.target().id());
      }
      return adapter.parseResponse(body);
    }
  }

  private LlmResponse stream(
      LlmCall call,
      Route route,
      ProtocolAdapter adapter,
      LlmRequest request,
      LlmCompletionOptions o) {
    StreamRun run = new StreamRun(call, route, o, publisher);
    run.start();
    try {
      HttpCall httpCall = adapter.buildRequest(route.target(), request, true);
      try (Response response = post(route, httpCall, "text/event-stream, application/json")) {
        call.attachUpstream(response::close);
        if (response.getStatus() / 100 != 2) {
          throw adapter
              .parseError(
                  response.getStatus(), response::getHeaderString, readBody(route, response))
              .withProvider(route.target().id());
        }
        String contentType =
            response.getMediaType() == null ? null : response.getMediaType().toString();
        StreamParser parser = adapter.newStreamParser(contentType);
        try (InputStream in = response.readEntity(InputStream.class)) {
          byte[] buf = new byte[8192];
          int n;
          while ((n = in.read(buf)) != -1) {
            parser.parseStreamChunk(buf, 0, n, run);
          }
        }
        parser.endOfStream(run);
      }
      return run.finish();
    } catch (IOException | RuntimeException e) {
      if (call.isCancelled()) {
        return run.cancelled();
      }
      throw run.fail(e);
    }
  }

  private Response post(Route route, HttpCall httpCall, String accept) {
    try {
      return http.post(httpCall, accept);
    } catch (jakarta.ws.rs.ProcessingException e) {
      throw new RetryableProviderException(
          route.target().id(), 0, "connection_error", rootMessage(e), null, e);
    }
  }

  private static byte[] readBody(Route route, Response response) {
    try (InputStream in = response.readEntity(InputStream.class)) {
      return in == null ? new byte[0] : in.readNBytes(MAX_ERROR_BODY);
    } catch (IOException | RuntimeException e) {
      throw new RetryableProviderException(
          route.target().id(), response.getStatus(), "connection_error", rootMessage(e), null, e);
    }
  }

  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private ProtocolAdapter adapter(String protocol) {
    Map<String, ProtocolAdapter> current = adapters;
    if (current == null) {
      Map<String, ProtocolAdapter> found = new HashMap<>();
      for (ProtocolAdapter a : adapterBeans) {
        found.put(a.protocol(), a);
      }
      current = Map.copyOf(found);
      adapters = current;
    }
    ProtocolAdapter a = current.get(protocol);
    if (a == null) {
      throw new UnknownModelException("no adapter for protocol '" + protocol + "'");
    }
    return a;
  }
}
