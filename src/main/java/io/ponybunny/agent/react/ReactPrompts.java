package io.ponybunny.agent.react;

import io.ponybunny.agent.tools.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The agent's prompts: planning (a numbered list of work items) and the ReAct format.
 *
 * <p>The constants are what the prompts promise to contain, whatever else they say: each system
 * prompt opens with its intro ({@link #PLANNER_INTRO}, {@link #REACT_INTRO}) and the user messages
 * carry their labels ({@link #GOAL_LABEL}, {@link #QUESTION_LABEL}, {@link #OBSERVATION_LABEL}).
 * The simulator ({@code io.ponybunny.sim.SimReact}) recognises and reads the agent's prompts by
 * these constants only, so the rest of the wording can change freely; {@code ReactPromptsTest} pins
 * the promise.
 */
public final class ReactPrompts {

  /** The first sentence of the planning system prompt. */
  public static final String PLANNER_INTRO = "You are PonyBunny's planner.";

  /** The first sentence of the ReAct system prompt. */
  public static final String REACT_INTRO = "You are PonyBunny's ReAct agent.";

  /** Opens the goal's first line ({@link #goal}). */
  public static final String GOAL_LABEL = "Goal:";

  /** Opens the last line of a work item's task, the work item's title ({@link #task}). */
  public static final String QUESTION_LABEL = "Question:";

  /** Opens the user message carrying a tool's result ({@link #observation}). */
  public static final String OBSERVATION_LABEL = "Observation:";

  private static final Pattern PLAN_LINE =
      Pattern.compile("^\\s*(?:\\d+[.)]|[-*•])\\s+(.+?)\\s*$", Pattern.MULTILINE);

  private ReactPrompts() {}

  /** The planner's system prompt. */
  public static String planningSystem(List<Tool> tools, int maxItems) {
    return PLANNER_INTRO
        + " Break the user's goal into 1 to "
        + maxItems
        + " work items that an agent with these tools can do in order: "
        + tools.stream().map(Tool::name).collect(Collectors.joining(", "))
        + ". Reply with the plan only, as a numbered list of work items, one per line"
        + " (1. ..., 2. ...). Use a single work item when the goal is simple.";
  }

  /** The goal as the planner and the agent see it. */
  public static String goal(String title, String description, String successCriteria) {
    StringBuilder sb = new StringBuilder(GOAL_LABEL).append(' ').append(title.strip());
    if (description != null && !description.isBlank()) {
      sb.append("\nDescription: ").append(description.strip());
    }
    if (successCriteria != null && !successCriteria.isBlank()) {
      sb.append("\nSuccess criteria: ").append(successCriteria.strip());
    }
    return sb.toString();
  }

  /**
   * Work item titles from the planner's answer: numbered or bulleted lines, markdown removed, at
   * most {@code maxItems}; the goal's title when the answer has none.
   */
  public static List<String> parsePlan(String answer, String fallback, int maxItems) {
    List<String> items = new ArrayList<>();
    if (answer != null) {
      Matcher m = PLAN_LINE.matcher(answer.replace("\r\n", "\n"));
      while (m.find() && items.size() < maxItems) {
        String t = m.group(1).replaceAll("\\*\\*|__|`", "").strip();
        if (!t.isEmpty()) {
          items.add(t.length() > 200 ? t.substring(0, 199) + "…" : t);
        }
      }
    }
    if (items.isEmpty()) {
      String t = fallback.strip();
      items.add(t.length() > 200 ? t.substring(0, 199) + "…" : t);
    }
    return items;
  }

  /** The ReAct system prompt: the tools with their schemas and the format. */
  public static String reactSystem(List<Tool> tools) {
    StringBuilder sb =
        new StringBuilder(REACT_INTRO)
            .append(" Work on the task step by step with these tools:\n\n");
    for (Tool t : tools) {
      sb.append("- ")
          .append(t.name())
          .append(": ")
          .append(t.description())
          .append(" Arguments (JSON schema): ")
          .append(t.parameters())
          .append('\n');
    }
    String names = tools.stream().map(Tool::name).collect(Collectors.joining(", "));
    sb.append("\nUse exactly this format:\n\n")
        .append("Thought: what to do next and why\n")
        .append("Action: the tool to use, one of [")
        .append(names)
        .append("]\n")
        .append("Action Input: the tool's arguments as a JSON object\n")
        .append("Observation: the tool's result\n")
        .append("... (Thought, Action, Action Input and Observation may repeat)\n")
        .append("Thought: I now know the final answer\n")
        .append("Final Answer: the answer to the task\n\n")
        .append(
            "Write one Action per turn and stop after its Action Input: the Observation comes in"
                + " the next message. Never write an Observation yourself.");
    return sb.toString();
  }

  /** The first user message of a work item's run. */
  public static String task(
      String goal, int itemNumber, int itemCount, String itemTitle, List<String> earlierResults) {
    StringBuilder sb = new StringBuilder(goal);
    sb.append("\n\nWork item ").append(itemNumber).append(" of ").append(itemCount);
    if (!earlierResults.isEmpty()) {
      sb.append("\nResults of the earlier work items:");
      for (String r : earlierResults) {
        sb.append("\n- ").append(r);
      }
    }
    sb.append("\n\n").append(QUESTION_LABEL).append(' ').append(itemTitle.strip());
    return sb.toString();
  }

  /** The user message carrying a tool's result. */
  public static String observation(String text) {
    return OBSERVATION_LABEL + " " + text;
  }

  /** What the agent answers when the model's output does not follow the format. */
  public static String formatReminder(String problem) {
    return "Error: "
        + problem
        + ". Answer with 'Thought:' then either 'Action:' and 'Action Input:', or 'Final Answer:'.";
  }
}
