package io.ponybunny.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.agent.react.ReactParser;
import io.ponybunny.agent.react.ReactPrompts;
import io.ponybunny.agent.react.ReactTurn;
import io.ponybunny.agent.tools.CalculatorTool;
import io.ponybunny.agent.tools.CurrentTimeTool;
import io.ponybunny.agent.tools.ScratchpadTool;
import io.ponybunny.agent.tools.Tool;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator answers the agent's own prompts so that a goal runs to a real finish. */
class SimReactTest {

  private final SimResponder responder = new SimResponder();
  private final List<Tool> tools =
      List.of(new CalculatorTool(), new CurrentTimeTool(), new ScratchpadTool());
  private final String goal = ReactPrompts.goal("What is 17 * 23 + 4?", "Compute it.", null);

  private String reply(String system, String lastUser) {
    return responder
        .reply(new SimPrompt(lastUser, 50, null, system), SimScenario.parse("react~tps=0"))
        .text();
  }

  @Test
  void planningPromptGetsAOneItemPlan() {
    String plan = reply(ReactPrompts.planningSystem(tools, 5), goal);
    assertEquals(List.of("What is 17 * 23 + 4?"), ReactPrompts.parsePlan(plan, "x", 5));
  }

  @Test
  void reactTurnsCallTheCalculatorThenAnswerWithTheObservation() {
    String system = ReactPrompts.reactSystem(tools);
    String first = reply(system, ReactPrompts.task(goal, 1, 1, "What is 17 * 23 + 4?", List.of()));
    ReactTurn action = ReactParser.parse(first);
    assertEquals(ReactTurn.Kind.ACTION, action.kind(), first);
    assertEquals("calculator", action.action());
    assertEquals("{\"expression\": \"17 * 23 + 4\"}", action.actionInput());

    ReactTurn fin = ReactParser.parse(reply(system, ReactPrompts.observation("395")));
    assertEquals(ReactTurn.Kind.FINAL, fin.kind());
    assertEquals("395", fin.finalAnswer());
  }

  @Test
  void otherQuestionsUseTheClockOrAnswerDirectly() {
    String system = ReactPrompts.reactSystem(tools);
    assertEquals(
        "current_time", ReactParser.parse(reply(system, "Question: What time is it?")).action());
    ReactTurn direct = ReactParser.parse(reply(system, "Question: Name a colour"));
    assertEquals(ReactTurn.Kind.FINAL, direct.kind());
    assertTrue(direct.finalAnswer().contains("Name a colour"));
  }

  @Test
  void agentPromptsAreKnownByTheirMarkersNotTheirWording() {
    String reworded = ReactPrompts.PLANNER_INTRO + " Split the goal into steps.";
    assertEquals(
        List.of("Sum it"),
        ReactPrompts.parsePlan(reply(reworded, ReactPrompts.goal("Sum it", null, null)), "x", 5));
    String rewordedReact = ReactPrompts.REACT_INTRO + " Use tools.";
    assertEquals(
        "7", ReactParser.parse(reply(rewordedReact, ReactPrompts.observation("7"))).finalAnswer());
    String oldPlanningWording =
        "You are a planner. Reply with a numbered list of work items, one per line.";
    String noMarker = ReactPrompts.goal("Sum it", null, null);
    assertEquals(responder.defaultText(noMarker), reply(oldPlanningWording, noMarker));
    String oldReactWording = "Use Thought:, Action:, Action Input: and Final Answer: lines.";
    String observation = ReactPrompts.observation("7");
    assertEquals(responder.defaultText(observation), reply(oldReactWording, observation));
  }

  @Test
  void arithmeticIsFoundInText() {
    assertEquals("17 * 23 + 4", SimReact.longestArithmetic("What is 17 * 23 + 4?"));
    assertEquals("(2 + 3) * 4", SimReact.longestArithmetic("compute (2 + 3) * 4 please"));
    assertNull(SimReact.longestArithmetic("Work item 1 of 2"));
  }

  @Test
  void plainPromptsKeepTheDefaultReplies() {
    SimPrompt plain = new SimPrompt("What is 2 + 2?", 5, null);
    assertEquals(
        responder.defaultText("What is 2 + 2?"),
        responder.reply(plain, SimScenario.parse("sim-default")).text());
    SimPrompt withSystem = new SimPrompt("What is 2 + 2?", 5, null, "You are helpful.");
    assertEquals(
        responder.defaultText("What is 2 + 2?"),
        responder.reply(withSystem, SimScenario.parse("sim-default")).text());
  }
}
