package io.ponybunny.llm.call;

import static io.ponybunny.llm.call.FakeProvider.refused;
import static io.ponybunny.llm.call.FakeProvider.route;
import static io.ponybunny.llm.call.FakeProvider.status;
import static io.ponybunny.llm.call.FakeProvider.streamOf;
import static io.ponybunny.llm.call.FakeProvider.whole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.provider.openai.OpenAiAdapter;
import io.ponybunny.llm.routing.Backoff;
import io.ponybunny.llm.routing.EndpointRegistry;
import io.ponybunny.llm.routing.ModelRouter;
import io.ponybunny.llm.routing.Route;
import io.ponybunny.quota.Ledger;
import io.ponybunny.quota.QuotaLedger;
import io.ponybunny.quota.Quotas;
import io.ponybunny.testing.Managed;
import io.ponybunny.testing.MapConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a {@link CallObserver} is told of a call: its start on the caller's thread, its work run
 * inside the watch on the stream executor, every attempt (retries and fallbacks), every text chunk,
 * and its end, once.
 */
class CallObserverTest {

  private static final List<ChatMessage> HI = List.of(new ChatMessage("user", "hi"));

  private final FakeProvider p = new FakeProvider(10);
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** What one watch saw, in order; whether each attempt and chunk ran inside its work. */
  static final class Recording implements CallObserver.Watch {
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    final ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);
    volatile Thread workThread;
    volatile LlmResponse response;
    volatile Throwable error;

    @Override
    public Runnable around(Runnable work) {
      seen.add("around");
      return () -> {
        workThread = Thread.currentThread();
        inside.set(true);
        try {
          work.run();
        } finally {
          inside.set(false);
        }
      };
    }

    @Override
    public void attempt(Route route) {
      seen.add("attempt " + route.endpoint().id() + (inside.get() ? "" : " outside"));
    }

    @Override
    public void chunk() {
      seen.add("chunk" + (inside.get() ? "" : " outside"));
    }

    @Override
    public void end(LlmResponse r, Throwable e) {
      seen.add("end");
      response = r;
      error = e;
    }
  }

  private LlmCall run(Recording watch, List<Route> routes, LlmCompletionOptions options) {
    LlmCall call = new LlmCall("req_observed", "test-model", "alice", watch);
    return p.run(
        call, routes, options, CallLimits.defaults(), new Backoff(Duration.ZERO, Duration.ZERO));
  }

  @Test
  void everyAttemptRetriesAndFallbacksIncludedAndEveryTextChunkIsSeen() {
    p.script("a", refused(), refused()).script("b", streamOf("Hel", "lo", "!"));
    Recording watch = new Recording();
    LlmCall call = run(watch, List.of(route("a", 1), route("b")), FakeProvider.streaming());
    assertEquals("Hello!", call.await().text());
    assertEquals(
        List.of(
            "attempt a outside",
            "attempt a outside",
            "attempt b outside",
            "chunk outside",
            "chunk outside",
            "chunk outside"),
        watch.seen,
        "(run directly here: no watch around it)");
  }

  @Test
  void aNonStreamingCallHasAttemptsAndNoChunks() {
    p.script("a", status(503, "{}")).script("b", whole("done"));
    Recording watch = new Recording();
    run(watch, List.of(route("a"), route("b")), FakeProvider.notStreaming());
    assertEquals(List.of("attempt a outside", "attempt b outside"), watch.seen);
  }

  private ProviderManager manager(CallObserver observer) {
    MapConfig config =
        new MapConfig(
            Map.of(
                "ponybunny.endpoint.a.protocol", OpenAiAdapter.PROTOCOL,
                "ponybunny.endpoint.a.base-url", "http://a.test/v1",
                "ponybunny.endpoint.a.key-required", "false",
                "ponybunny.endpoint.a.max-retries", "0"));
    ProviderManager m =
        new ProviderManager(
            new ModelRouter(new EndpointRegistry(config), config),
            p,
            p.publisher,
            p.cluster,
            p.watchdog,
            p.circuits,
            p.pricing,
            List.of(new OpenAiAdapter()));
    QuotaLedger ledger =
        new QuotaLedger(
            Clock.systemUTC(),
            new QuotaLedger.Store() {
              @Override
              public Ledger.Spent spent(String subject, long epochDay) {
                return Ledger.Spent.NONE;
              }

              @Override
              public void add(String subject, long epochDay, Ledger.Spent spent) {}
            });
    m.quotas =
        new Quotas() {
          @Override
          public QuotaLedger.Lease openStream(String owner, String keyId) {
            return ledger.openStream(List.of());
          }
        };
    m.executor = Managed.executor(pool);
    m.maxRetryWaitSeconds = 30;
    m.maxResponseBytes = 1 << 20;
    m.maxDurationSeconds = 600;
    m.observer = observer;
    return m;
  }

  @Test
  void theManagerStartsTheWatchOnTheCallersThreadRunsTheCallInsideItAndEndsItOnce()
      throws Exception {
    p.script("a", streamOf("Hi", " there"));
    List<CallObserver.CallStart> starts = Collections.synchronizedList(new ArrayList<>());
    List<Thread> startThreads = Collections.synchronizedList(new ArrayList<>());
    Recording watch = new Recording();
    ProviderManager m =
        manager(
            call -> {
              starts.add(call);
              startThreads.add(Thread.currentThread());
              return watch;
            });
    LlmCompletionOptions options = LlmCompletionOptions.builder().stream(true).build();
    LlmCall call = m.call("a/m", HI, options);
    LlmResponse response = call.await();
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));

    CallObserver.CallStart start = starts.get(0);
    assertEquals(call.requestId(), start.requestId());
    assertEquals("a/m", start.model());
    assertEquals("a", start.routes().get(0).endpoint().id());
    assertSame(HI, start.messages());
    assertSame(options, start.options());
    assertSame(Thread.currentThread(), startThreads.get(0), "started on the caller's thread");
    assertNotEquals(Thread.currentThread(), watch.workThread, "ran on the stream executor");
    assertEquals(
        List.of("around", "attempt a", "chunk", "chunk", "end"), watch.seen, "inside the watch");
    assertSame(response, watch.response);
    assertNull(watch.error);
  }

  @Test
  void aFailedCallEndsItsWatchWithTheError() throws Exception {
    p.script("a", status(400, "{\"error\":{\"type\":\"bad_request\",\"message\":\"no\"}}"));
    Recording watch = new Recording();
    LlmCall call = manager(c -> watch).call("a/m", HI, LlmCompletionOptions.builder().build());
    ProviderException e = assertThrows(ProviderException.class, call::await);
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    assertSame(e, watch.error);
    assertNull(watch.response);
    assertEquals(List.of("around", "attempt a", "end"), watch.seen);
  }
}
