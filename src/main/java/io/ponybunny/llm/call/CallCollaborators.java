package io.ponybunny.llm.call;

import io.ponybunny.event.StreamEventPublisher;
import io.ponybunny.llm.http.ProviderHttpClient;
import io.ponybunny.llm.provider.ProtocolAdapter;
import io.ponybunny.llm.routing.CircuitBreakers;
import java.util.function.Function;

/**
 * What one {@link CallExecution} works with, handed to it by {@link ProviderManager} (or by a
 * test): the HTTP path, the event publisher, the watchdog's clock and timers, the circuits and the
 * protocol adapters.
 */
record CallCollaborators(
    ProviderHttpClient http,
    StreamEventPublisher publisher,
    StreamWatchdog watchdog,
    CircuitBreakers circuits,
    Function<String, ProtocolAdapter> adapters) {

  ProtocolAdapter adapter(String protocol) {
    return adapters.apply(protocol);
  }
}
