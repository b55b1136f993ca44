package io.ponybunny.llm.call;

import io.ponybunny.ManagedExecutors;
import io.ponybunny.cluster.CancelNotice;
import io.ponybunny.cluster.ClusterSettings;
import io.ponybunny.cost.Pricing;
import io.ponybunny.cost.Spend;
import io.ponybunny.event.StreamEventPublisher;
import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.UnknownModelException;
import io.ponybunny.llm.http.ProviderHttpClient;
import io.ponybunny.llm.provider.ProtocolAdapter;
import io.ponybunny.llm.routing.Backoff;
import io.ponybunny.llm.routing.CircuitBreakers;
import io.ponybunny.llm.routing.ModelRouter;
import io.ponybunny.llm.routing.Route;
import io.ponybunny.quota.Ledger;
import io.ponybunny.quota.Quotas;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The entry point for LLM calls. Resolves a model reference to its ordered routes (refusing model
 * names outside their protocol's {@link ModelGrammar}), then runs the call on the stream executor:
 * retryable failures before the first chunk are retried with full-jitter backoff (honouring
 * Retry-After), then the next route is tried, then, only for routes whose streaming itself broke, a
 * non-streaming call; once a chunk went out nothing is replayed. A call never runs longer than
 * {@code ponybunny.stream.max-duration-seconds}. Streaming calls emit {@code llm.stream.start}
 * (naming the endpoint that serves the stream and, in a cluster, this instance), chunks with a
 * gapless index, then exactly one {@code llm.stream.end} or {@code llm.stream.error}. A {@link
 * CallObserver} watches every call (telemetry): its work runs on the executor inside the watch's
 * {@link CallObserver.Watch#around}, so a span started on the caller's thread is current there.
 */
@ApplicationScoped
public class ProviderManager {

  @Inject ModelRouter router;
  @Inject ProviderHttpClient http;
  @Inject StreamEventPublisher publisher;
  @Inject ClusterSettings cluster;
  @Inject StreamWatchdog watchdog;
  @Inject CircuitBreakers circuits;
  @Inject Quotas quotas;
  @Inject Pricing pricing;
  @Inject @Any Instance<ProtocolAdapter> adapterBeans;
  @Inject CallObserver observer;

  @Inject
  @ConfigProperty(name = "ponybunny.retry.max-wait-seconds", defaultValue = "30")
  long maxRetryWaitSeconds;

  @Inject
  @ConfigProperty(name = "ponybunny.http.max-response-bytes", defaultValue = "8388608")
  int maxResponseBytes;

  @Inject
  @ConfigProperty(name = "ponybunny.stream.max-duration-seconds", defaultValue = "600")
  long maxDurationSeconds;

  @Resource(lookup = ManagedExecutors.STREAM_EXECUTOR)
  ManagedExecutorService executor;

  private final ConcurrentMap<String, LlmCall> active = new ConcurrentHashMap<>();
  private volatile Map<String, ProtocolAdapter> adapters;

  public ProviderManager() {}

  /** For tests: a manager over explicit collaborators (no executor: run executions directly). */
  ProviderManager(
      ModelRouter router,
      ProviderHttpClient http,
      StreamEventPublisher publisher,
      ClusterSettings cluster,
      StreamWatchdog watchdog,
      CircuitBreakers circuits,
      Pricing pricing,
      List<ProtocolAdapter> adapters) {
    this.router = router;
    this.pricing = pricing;
    this.http = http;
    this.publisher = publisher;
    this.cluster = cluster;
    this.watchdog = watchdog;
    this.circuits = circuits;
    this.observer = CallObserver.NONE;
    Map<String, ProtocolAdapter> found = new HashMap<>();
    for (ProtocolAdapter a : adapters) {
      found.put(a.protocol(), a);
    }
    this.adapters = Map.copyOf(found);
  }

  /**
   * Starts a call. Resolves the model at once (throwing {@link UnknownModelException}), then runs
   * the call in the background; the returned handle gives its result and cancels it.
   */
  public LlmCall call(String model, List<ChatMessage> messages, LlmCompletionOptions options) {
    List<Route> routes = routes(model);
    String requested = model == null || model.isBlank() ? router.defaultModel() : model.trim();
    String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
    Ledger.Lease lease = quotas.openStream(options.owner(), options.apiKeyId());
    CallObserver.Watch watch =
        observer.start(new CallObserver.CallStart(requestId, requested, routes, messages, options));
    LlmCall call = new LlmCall(requestId, requested, options.owner(), watch);
    active.put(call.requestId(), call);
    call.result()
        .whenComplete(
            (r, e) -> {
              active.remove(call.requestId());
              Spend spent = call.spent();
              lease.close(spent.tokens(), spent.costNanos());
              watch.end(r, e);
            });
    CallExecution execution =
        new CallExecution(
            collaborators(), call, routes, messages, options, Backoff.DEFAULT, limits());
    executor.execute(watch.around(execution::run));
    return call;
  }

  /**
   * The routes of {@code model}, each with an adapter and a model name its protocol accepts; throws
   * {@link UnknownModelException} ({@link InvalidModelException} for a malformed name).
   */
  List<Route> routes(String model) {
    List<Route> routes = router.routes(model);
    for (Route r : routes) {
      adapter(r.protocol()).checkModel(r.endpoint().id(), r.model());
    }
    return routes;
  }

  /** The limits every call runs under, from configuration. */
  CallLimits limits() {
    return new CallLimits(
        Duration.ofSeconds(maxRetryWaitSeconds),
        Math.max(1024, maxResponseBytes),
        Duration.ofSeconds(Math.max(1, maxDurationSeconds)));
  }

  /** Runs a call and waits for its response (the seed's {@code callLLM}). */
  public LlmResponse callLLM(String model, List<ChatMessage> messages, LlmCompletionOptions opts) {
    return call(model, messages, opts).await();
  }

  /** The running call with this request id. */
  public Optional<LlmCall> find(String requestId) {
    return Optional.ofNullable(active.get(requestId));
  }

  /** A cancel asked for on some instance (cluster mode): stops the call if it runs here. */
  void onCancelNotice(@Observes CancelNotice notice) {
    if (notice.kind() == CancelNotice.Kind.CALL) {
      cancel(notice.id());
    }
  }

  /** Cancels the running call with this request id; false when there is none. */
  public boolean cancel(String requestId) {
    LlmCall call = active.get(requestId);
    if (call == null) {
      return false;
    }
    call.cancel();
    return true;
  }

  /** What each call execution is handed. */
  CallCollaborators collaborators() {
    return new CallCollaborators(
        http, publisher, cluster.instanceId(), watchdog, circuits, this::adapter, pricing);
  }

  ProtocolAdapter adapter(String protocol) {
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
