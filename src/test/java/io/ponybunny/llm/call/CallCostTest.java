package io.ponybunny.llm.call;

import static io.ponybunny.llm.call.FakeProvider.notStreaming;
import static io.ponybunny.llm.call.FakeProvider.route;
import static io.ponybunny.llm.call.FakeProvider.status;
import static io.ponybunny.llm.call.FakeProvider.stream;
import static io.ponybunny.llm.call.FakeProvider.streaming;
import static io.ponybunny.llm.call.FakeProvider.whole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ponybunny.cost.Pricing;
import io.ponybunny.cost.Spend;
import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.testing.MapConfig;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every stream's terminal event carries the usage the provider reported and its cost at the price
 * of the route that served it: a completed stream's end, a cancelled stream's end and a failed
 * stream's error alike; the call keeps the same spend for its quotas, a non-streaming call too. A
 * route without a price has usage and no cost.
 */
class CallCostTest {

  /** Endpoint a: 1 USD per million input, 4 per million output, 0.25 per million cached. */
  private static Pricing prices() {
    return new Pricing(
        new MapConfig(
            Map.of(
                "ponybunny.pricing.a/m", "1,4,0.25", "ponybunny.endpoint.b.pricing", "1000,1000")));
  }

  /** 1,000 prompt tokens of which 800 cached, 100 completion tokens. */
  private static final TokenUsage USAGE = new TokenUsage(1_000, 100, 800);

  /** 200 * 1 + 800 * 0.25 + 100 * 4 = 800 USD per million. */
  private static final BigDecimal COST = new BigDecimal("0.000800000");

  private final FakeProvider p = new FakeProvider();

  {
    p.pricing = prices();
  }

  private <T extends ChannelEvent> T last(Class<T> type) {
    synchronized (p.events) {
      return p.events.stream()
          .filter(type::isInstance)
          .map(type::cast)
          .reduce((a, b) -> b)
          .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + p.events));
    }
  }

  @Test
  void aCompletedStreamsEndCarriesItsCachedInputAndCost() {
    p.script("a", stream().text("hi").usage(1_000, 100, 800).done());
    LlmCall call = p.run(List.of(route("a")), streaming(), CallLimits.defaults());
    call.await();
    StreamEvent.End end = last(StreamEvent.End.class);
    assertEquals(1_100, end.tokensUsed());
    assertEquals(800, end.cachedInputTokens());
    assertEquals(COST, end.costUsd());
    assertEquals(new Spend(USAGE, COST), call.spent());
  }

  @Test
  void aCancelledStreamsEndCarriesTheUsageReportedBeforeTheCancel() {
    p.script("a", stream().text("hi").usage(1_000, 100, 800).then(p::cancel).text("never"));
    LlmCall call = p.run(List.of(route("a")), streaming(), CallLimits.defaults());
    call.await();
    StreamEvent.End end = last(StreamEvent.End.class);
    assertEquals("cancelled", end.finishReason());
    assertEquals(COST, end.costUsd());
    assertEquals(new Spend(USAGE, COST), call.spent());
  }

  @Test
  void aFailedStreamsErrorCarriesTheUsageReportedBeforeItBroke() {
    p.script("a", stream().text("hi").usage(1_000, 100, 800).reset());
    LlmCall call = p.run(List.of(route("a")), streaming(), CallLimits.defaults());
    assertThrows(ProviderException.class, call::await);
    StreamEvent.Error error = last(StreamEvent.Error.class);
    assertEquals(1_000, error.inputTokens());
    assertEquals(100, error.outputTokens());
    assertEquals(800, error.cachedInputTokens());
    assertEquals(COST, error.costUsd());
    assertEquals(new Spend(USAGE, COST), call.spent(), "its quotas count it too");
  }

  @Test
  void aStreamThatFailedBeforeAnyUsageHasNoneAndNoCost() {
    p.script("a", status(400, "{\"error\":{\"message\":\"bad\"}}"));
    LlmCall call = p.run(List.of(route("a")), streaming(), CallLimits.defaults());
    assertThrows(ProviderException.class, call::await);
    StreamEvent.Error error = last(StreamEvent.Error.class);
    assertNull(error.inputTokens());
    assertNull(error.costUsd());
    assertEquals(Spend.NONE, call.spent());
  }

  @Test
  void theRouteThatServedTheStreamPricesIt() {
    // a fails before any text, b serves: b's price
    p.script("a", status(400, "{}"));
    p.script("b", stream().text("ok").usage(10, 10, 0).done());
    LlmCall call = p.run(List.of(route("a"), route("b")), streaming(), CallLimits.defaults());
    call.await();
    assertEquals(new BigDecimal("0.020000000"), last(StreamEvent.End.class).costUsd());
  }

  @Test
  void aRouteWithoutAPriceHasUsageAndAnUnknownCost() {
    p.script("c", stream().text("ok").usage(10, 5, 0).done());
    LlmCall call = p.run(List.of(route("c")), streaming(), CallLimits.defaults());
    call.await();
    StreamEvent.End end = last(StreamEvent.End.class);
    assertEquals(15, end.tokensUsed());
    assertNull(end.costUsd(), "never made up");
    assertEquals(new Spend(new TokenUsage(10, 5, 0), null), call.spent());
  }

  @Test
  void aNonStreamingCallKeepsItsSpendForItsQuotas() {
    p.script("a", whole("done"));
    LlmCall call = p.run(List.of(route("a")), notStreaming(), CallLimits.defaults());
    call.await();
    // 1 prompt token at 1 USD per million, 1 completion token at 4
    assertEquals(new Spend(new TokenUsage(1, 1), new BigDecimal("0.000005000")), call.spent());
  }
}
