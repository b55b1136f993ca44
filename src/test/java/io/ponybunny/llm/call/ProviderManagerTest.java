package io.ponybunny.llm.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.cost.Pricing;
import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.UnknownModelException;
import io.ponybunny.llm.provider.openai.OpenAiAdapter;
import io.ponybunny.llm.routing.EndpointRegistry;
import io.ponybunny.llm.routing.ModelRouter;
import io.ponybunny.quota.Ledger;
import io.ponybunny.quota.Quota;
import io.ponybunny.quota.QuotaExceededException;
import io.ponybunny.quota.QuotaLedger;
import io.ponybunny.quota.Quotas;
import io.ponybunny.testing.Managed;
import io.ponybunny.testing.MapConfig;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link ProviderManager} adds around an execution: the model is resolved and the stream is
 * counted against the caller's quota before anything runs, the call is found and cancelled by its
 * request id while it runs, and its stream lease is given back with its tokens when it ends.
 */
class ProviderManagerTest {

  private static final List<ChatMessage> HI = List.of(new ChatMessage("user", "hi"));
  private static final Quota TWO_STREAMS = new Quota(0, 2, 0);

  private final FakeProvider p = new FakeProvider(10);
  private final Map<String, Ledger.Spent> spentByDay = new ConcurrentHashMap<>();
  private final QuotaLedger ledger =
      new QuotaLedger(
          Clock.systemUTC(),
          new QuotaLedger.Store() {
            @Override
            public Ledger.Spent spent(String subject, long epochDay) {
              return spentByDay.getOrDefault(subject + "@" + epochDay, Ledger.Spent.NONE);
            }

            @Override
            public void add(String subject, long epochDay, Ledger.Spent spent) {
              spentByDay.merge(
                  subject + "@" + epochDay,
                  spent,
                  (a, b) -> new Ledger.Spent(a.tokens() + b.tokens(), a.nanoUsd() + b.nanoUsd()));
            }
          });
  private final ExecutorService pool = Executors.newSingleThreadExecutor();
  private ProviderManager manager;

  @BeforeEach
  void wire() {
    MapConfig config =
        new MapConfig(
            Map.of(
                "ponybunny.endpoint.a.protocol", OpenAiAdapter.PROTOCOL,
                "ponybunny.endpoint.a.base-url", "http://a.test/v1",
                "ponybunny.endpoint.a.api-key", "sk-FAKE-not-a-key",
                "ponybunny.endpoint.a.max-retries", "0"));
    manager =
        new ProviderManager(
            new ModelRouter(new EndpointRegistry(config), config),
            p,
            p.publisher,
            p.cluster,
            p.watchdog,
            p.circuits,
            p.pricing,
            List.of(new OpenAiAdapter()));
    manager.quotas =
        new Quotas() {
          @Override
          public QuotaLedger.Lease openStream(String owner, String keyId) {
            return ledger.openStream(
                List.of(new QuotaLedger.Limited(Quotas.principal(owner), TWO_STREAMS)));
          }
        };
    manager.executor = Managed.executor(pool);
    manager.maxRetryWaitSeconds = 30;
    manager.maxResponseBytes = 1 << 20;
    manager.maxDurationSeconds = 600;
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private QuotaLedger.Usage aliceUsage() {
    return ledger.usage(Quotas.principal("alice"), TWO_STREAMS);
  }

  /** Waits until every execution handed to the executor has finished. */
  private void awaitExecutions() throws InterruptedException {
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  private static LlmCompletionOptions as(LlmCompletionOptions.Builder b) {
    return b.owner("alice").build();
  }

  @Test
  void aRunningCallIsFoundByItsRequestIdAndEndsGivingBackItsStreamWithItsTokens() throws Exception {
    CompletableFuture<Response> answer = new CompletableFuture<>();
    CountDownLatch sent = new CountDownLatch(1);
    p.script(
        "a",
        call -> {
          sent.countDown();
          return answer;
        });
    LlmCall call = manager.call("a/m", HI, as(LlmCompletionOptions.builder()));
    assertTrue(sent.await(10, TimeUnit.SECONDS));
    assertEquals(call, manager.find(call.requestId()).orElseThrow());
    assertEquals(1, aliceUsage().activeStreams());

    answer.complete(FakeProvider.whole("done").apply(null).get()); // the provider answers
    awaitExecutions();
    assertEquals("done", call.await().text());
    assertTrue(manager.find(call.requestId()).isEmpty(), "no longer running");
    assertEquals(0, aliceUsage().activeStreams(), "the stream was given back");
    assertEquals(2, aliceUsage().tokensToday(), "with the answer's tokens");
  }

  @Test
  void aRunningCallIsCancelledByItsRequestId() throws Exception {
    CountDownLatch sent = new CountDownLatch(1);
    p.script("a", FakeProvider.silent(sent::countDown));
    LlmCall call = manager.call("a/m", HI, as(LlmCompletionOptions.builder().stream(true)));
    assertTrue(sent.await(10, TimeUnit.SECONDS));
    assertTrue(manager.cancel(call.requestId()));
    awaitExecutions();
    assertEquals(FinishReason.CANCELLED, call.await().finishReason());
    assertFalse(manager.cancel(call.requestId()), "it ended");
    assertFalse(manager.cancel("req_unknown"));
    assertEquals(0, aliceUsage().activeStreams());
    assertEquals(List.of("llm.stream.start", "llm.stream.end"), p.eventNames());
  }

  @Test
  void anUnknownModelIsRefusedBeforeAStreamIsCountedOrAnythingRuns() throws Exception {
    assertThrows(
        UnknownModelException.class,
        () -> manager.call("nowhere/m", HI, as(LlmCompletionOptions.builder())));
    awaitExecutions();
    assertEquals(0, aliceUsage().activeStreams());
    assertEquals(List.of(), p.requests);
  }

  @Test
  void aCallOverTheStreamQuotaIsRefusedBeforeAnythingIsSent() throws Exception {
    p.script("a", FakeProvider.silent(() -> {}), FakeProvider.silent(() -> {}));
    LlmCall first = manager.call("a/m", HI, as(LlmCompletionOptions.builder()));
    LlmCall second = manager.call("a/m", HI, as(LlmCompletionOptions.builder()));
    assertThrows(
        QuotaExceededException.class,
        () -> manager.call("a/m", HI, as(LlmCompletionOptions.builder())));
    assertEquals(2, aliceUsage().activeStreams(), "the refused call holds no stream");

    first.cancel();
    second.cancel();
    awaitExecutions();
    assertEquals("cancelled", assertThrows(ProviderException.class, first::await).errorType());
    assertEquals("cancelled", assertThrows(ProviderException.class, second::await).errorType());
    assertTrue(p.requests.size() <= 2, "at most the two admitted calls sent anything");
    assertEquals(0, aliceUsage().activeStreams());
  }

  @Test
  void aCallsCostCountsAgainstItsOwnersSpendOfTheDay() throws Exception {
    // 1 USD per token: the answer's 1 prompt and 1 completion token cost 2 USD
    manager.pricing =
        new Pricing(new MapConfig(Map.of("ponybunny.endpoint.a.pricing", "1000000,1000000")));
    p.script("a", FakeProvider.whole("done"));
    LlmCall call = manager.call("a/m", HI, as(LlmCompletionOptions.builder()));
    awaitExecutions();
    assertEquals(new BigDecimal("2.000000000"), call.spent().costUsd());
    assertEquals(2_000_000_000L, aliceUsage().nanoUsdToday());
    assertEquals(2, aliceUsage().tokensToday());
  }
}
