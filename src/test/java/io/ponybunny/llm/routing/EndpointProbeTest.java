package io.ponybunny.llm.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EndpointProbeTest {

  @Test
  void aProbeIsRememberedForTheCacheWindowThenRepeated() {
    AtomicLong clock = new AtomicLong();
    AtomicBoolean listening = new AtomicBoolean(false);
    List<String> connects = new ArrayList<>();
    EndpointProbe probe =
        new EndpointProbe(
            (host, port, timeout) -> {
              connects.add(host + ":" + port + "/" + timeout.toMillis());
              return listening.get();
            },
            clock::get,
            300,
            5);
    assertFalse(probe.reachable("http://localhost:11434"));
    listening.set(true);
    clock.addAndGet(Duration.ofSeconds(4).toNanos());
    assertFalse(probe.reachable("http://localhost:11434/v1"), "still the cached answer");
    assertEquals(List.of("localhost:11434/300"), connects);
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    assertTrue(probe.reachable("http://localhost:11434"));
    assertEquals(2, connects.size());
  }

  @Test
  void defaultPortsAndBadUrls() {
    List<String> connects = new ArrayList<>();
    EndpointProbe probe =
        new EndpointProbe(
            (host, port, timeout) -> connects.add(host + ":" + port), System::nanoTime, 300, 5);
    assertTrue(probe.reachable("https://vllm.internal/v1"));
    assertTrue(probe.reachable("http://ollama.internal"));
    assertFalse(probe.reachable("not a url"));
    assertFalse(probe.reachable(null));
    assertEquals(List.of("vllm.internal:443", "ollama.internal:80"), connects);
  }
}
