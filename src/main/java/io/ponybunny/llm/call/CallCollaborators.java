package io.ponybunny.llm.call;

import io.ponybunny.cost.Pricing;
import io.ponybunny.event.StreamEventPublisher;
import io.ponybunny.llm.http.ProviderHttpClient;
import io.ponybunny.llm.provider.ProtocolAdapter;
import io.ponybunny.llm.routing.CircuitBreakers;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * What one {@link CallExecution} works with, handed to it by {@link ProviderManager} (or by a
 * test): the HTTP path, the event publisher, the cluster instance the calls run on, the watchdog's
 * clock and timers, the circuits, the protocol adapters, the prices that cost each call's tokens,
 * and how a backoff is drawn and waited out.
 *
 * @param instance this cluster instance's id, named by {@code llm.stream.start}; null on a single
 *     node
 * @param jitter uniform in [0, 1): where in its backoff ceiling a retry's delay falls
 * @param pause waits out a backoff delay
 */
record CallCollaborators(
    ProviderHttpClient http,
    StreamEventPublisher publisher,
    String instance,
    StreamWatchdog watchdog,
    CircuitBreakers circuits,
    Function<String, ProtocolAdapter> adapters,
    Pricing pricing,
    DoubleSupplier jitter,
    Pause pause) {

  /** Waits between attempts of a call. */
  @FunctionalInterface
  interface Pause {
    /** Waits {@code delay} unless {@code call} is cancelled first; true when it all passed. */
    boolean pause(LlmCall call, Duration delay);
  }

  /** The production collaborators: random jitter, a real wait that a cancel cuts short. */
  CallCollaborators(
      ProviderHttpClient http,
      StreamEventPublisher publisher,
      String instance,
      StreamWatchdog watchdog,
      CircuitBreakers circuits,
      Function<String, ProtocolAdapter> adapters,
      Pricing pricing) {
    this(
        http,
        publisher,
        instance,
        watchdog,
        circuits,
        adapters,
        pricing,
        () -> ThreadLocalRandom.current().nextDouble(),
        LlmCall::pause);
  }

  ProtocolAdapter adapter(String protocol) {
    return adapters.apply(protocol);
  }
}
