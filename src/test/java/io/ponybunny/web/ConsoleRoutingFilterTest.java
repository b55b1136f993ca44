package io.ponybunny.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConsoleRoutingFilterTest {

  @Test
  void consoleDeepLinksGetTheConsole() {
    assertTrue(ConsoleRoutingFilter.isConsoleRoute("/goals/g1"));
    assertTrue(ConsoleRoutingFilter.isConsoleRoute("/streams"));
  }

  @Test
  void apiIngressAndFilePathsAreLeftAlone() {
    assertFalse(ConsoleRoutingFilter.isConsoleRoute("/v1/models"));
    assertFalse(ConsoleRoutingFilter.isConsoleRoute("/v1/models/sim/fast"));
    assertFalse(ConsoleRoutingFilter.isConsoleRoute("/api/providers"));
    assertFalse(ConsoleRoutingFilter.isConsoleRoute("/favicon.ico"));
    assertFalse(ConsoleRoutingFilter.isConsoleRoute("/"));
  }
}
