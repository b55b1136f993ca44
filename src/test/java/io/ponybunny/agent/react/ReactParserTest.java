package io.ponybunny.agent.react;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.agent.react.ReactTurn.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReactParserTest {

  @Test
  void wellFormedAction() {
    ReactTurn t =
        ReactParser.parse(
            "Thought: I should compute it.\nAction: calculator\n"
                + "Action Input: {\"expression\": \"17 * 23 + 4\"}");
    assertEquals(Kind.ACTION, t.kind());
    assertEquals("I should compute it.", t.thought());
    assertEquals("calculator", t.action());
    assertEquals("{\"expression\": \"17 * 23 + 4\"}", t.actionInput());
  }

  @Test
  void wellFormedFinalAnswerKeepsMultipleLines() {
    ReactTurn t = ReactParser.parse("Thought: done\nFinal Answer: 395\nthat is all.");
    assertEquals(Kind.FINAL, t.kind());
    assertEquals("395\nthat is all.", t.finalAnswer());
    assertEquals("done", t.thought());
  }

  @Test
  void markdownCaseFencesAndCrLfAreTolerated() {
    ReactTurn t =
        ReactParser.parse(
            "**Thought:** use the tool\r\n**Action:** `calculator`\r\n"
                + "action input:\r\n```json\r\n{\"expression\": \"2+2\"}\r\n```\r\n");
    assertEquals(Kind.ACTION, t.kind());
    assertEquals("calculator", t.action());
    assertEquals("{\"expression\": \"2+2\"}", t.actionInput());
  }

  @Test
  void bracketActionsCarryTheirInput() {
    ReactTurn t = ReactParser.parse("Thought: x\nAction: calculator[3 * (4 + 5)]");
    assertEquals("calculator", t.action());
    assertEquals("3 * (4 + 5)", t.actionInput());
  }

  @Test
  void aHallucinatedObservationAndWhatFollowsAreIgnored() {
    ReactTurn t =
        ReactParser.parse(
            "Thought: compute\nAction: calculator\nAction Input: {\"expression\":\"1+1\"}\n"
                + "Observation: 3\nThought: I now know\nFinal Answer: 3");
    assertEquals(Kind.ACTION, t.kind(), "the action comes first; the invented answer is dropped");
    assertEquals("{\"expression\":\"1+1\"}", t.actionInput());
  }

  @Test
  void actionWithoutInputHasEmptyInput() {
    ReactTurn t = ReactParser.parse("Thought: what time is it\nAction: current_time");
    assertEquals(Kind.ACTION, t.kind());
    assertEquals("", t.actionInput());
  }

  @Test
  void partialOutputCutMidThoughtIsMalformed() {
    ReactTurn t = ReactParser.parse("Thought: I need to first");
    assertEquals(Kind.MALFORMED, t.kind());
    assertEquals("I need to first", t.thought());
    assertTrue(t.problem().contains("Final Answer"), t.problem());
  }

  @Test
  void partialOutputCutMidInputStillNamesTheAction() {
    ReactTurn t = ReactParser.parse("Thought: go\nAction: calculator\nAction Input: {\"expr");
    assertEquals(Kind.ACTION, t.kind());
    assertEquals("{\"expr", t.actionInput(), "the tool reports the broken JSON as an observation");
  }

  @Test
  void malformedOutputsNeverThrow() {
    for (String s :
        List.of(
            "",
            "   ",
            "Just some prose without labels.",
            "Action:",
            "Final Answer:   ",
            "Observation: 4",
            "Thought:\nThought:\n")) {
      ReactTurn t = ReactParser.parse(s);
      assertEquals(Kind.MALFORMED, t.kind(), "'" + s + "'");
      assertNull(t.action());
      assertTrue(t.problem() != null && !t.problem().isBlank());
    }
    assertEquals(Kind.MALFORMED, ReactParser.parse(null).kind());
  }

  @Test
  void planLinesAreParsedWithAFallback() {
    assertEquals(
        List.of("Compute the product", "Add four"),
        ReactPrompts.parsePlan("Plan:\n1. **Compute** the product\n2) Add four\n", "t", 5));
    assertEquals(List.of("a", "b"), ReactPrompts.parsePlan("- a\n* b\n- c", "t", 2));
    assertEquals(List.of("The goal"), ReactPrompts.parsePlan("no list here", "The goal", 5));
  }
}
