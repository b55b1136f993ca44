package io.ponybunny.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AgentViewsTest {

  @Test
  void anExcerptCentresTheFirstMatchIgnoringCase() {
    String text = "a".repeat(300) + "Needle in here" + "b".repeat(300);
    String excerpt = AgentViews.excerpt(text, "needle");
    assertTrue(excerpt.startsWith("…") && excerpt.endsWith("…"), excerpt);
    assertTrue(excerpt.contains("Needle in here"), excerpt);
    assertEquals(AgentViews.EXCERPT + 2, excerpt.length(), "the window and two ellipses");
  }

  @Test
  void withoutAMatchAnExcerptIsTheBeginning() {
    assertEquals("short answer", AgentViews.excerpt("short answer", "absent"));
    assertEquals("short answer", AgentViews.excerpt("short answer", null));
    String start = AgentViews.excerpt("x".repeat(500), null);
    assertEquals("x".repeat(AgentViews.EXCERPT) + "…", start);
    assertNull(AgentViews.excerpt("", "x"));
    assertNull(AgentViews.excerpt(null, "x"));
  }

  @Test
  void aMatchNearTheEndKeepsAFullWindow() {
    String text = "c".repeat(400) + "tail";
    String excerpt = AgentViews.excerpt(text, "TAIL");
    assertTrue(excerpt.endsWith("tail"), excerpt);
    assertEquals(AgentViews.EXCERPT + 1, excerpt.length());
  }
}
