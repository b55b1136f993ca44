package io.ponybunny.agent.react;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.agent.tools.CalculatorTool;
import io.ponybunny.agent.tools.CurrentTimeTool;
import io.ponybunny.agent.tools.Tool;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The markers the prompts promise (the simulator's {@code SimReact} recognises and reads the
 * agent's prompts by them alone; {@code SimReactTest} checks that side).
 */
class ReactPromptsTest {

  private final List<Tool> tools = List.of(new CalculatorTool(), new CurrentTimeTool());

  @Test
  void eachSystemPromptOpensWithItsOwnIntroOnly() {
    String planning = ReactPrompts.planningSystem(tools, 3);
    String react = ReactPrompts.reactSystem(tools);
    assertTrue(planning.startsWith(ReactPrompts.PLANNER_INTRO), planning);
    assertTrue(react.startsWith(ReactPrompts.REACT_INTRO), react);
    assertFalse(planning.contains(ReactPrompts.REACT_INTRO), planning);
    assertFalse(react.contains(ReactPrompts.PLANNER_INTRO), react);
  }

  @Test
  void theUserMessagesCarryTheirLabels() {
    String goal = ReactPrompts.goal(" Sum it ", "Add numbers.", "A number.");
    assertEquals(ReactPrompts.GOAL_LABEL + " Sum it", goal.lines().findFirst().orElseThrow());
    String task = ReactPrompts.task(goal, 2, 3, " Add four ", List.of("17 * 23 = 391"));
    assertEquals(
        ReactPrompts.QUESTION_LABEL + " Add four", task.lines().reduce((a, b) -> b).orElseThrow());
    assertTrue(task.startsWith(goal), task);
    assertEquals(ReactPrompts.OBSERVATION_LABEL + " 395", ReactPrompts.observation("395"));
  }
}
