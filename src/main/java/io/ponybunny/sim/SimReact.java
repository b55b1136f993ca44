package io.ponybunny.sim;

import io.ponybunny.agent.react.ReactPrompts;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's answers to agent prompts, so that goals run to a real finish without a key. It
 * knows the agent's prompts only by the markers {@link ReactPrompts} promises to put in them (the
 * system prompts' intros, the {@code Goal:}, {@code Question:} and {@code Observation:} labels),
 * never by the rest of their wording. Deterministic:
 *
 * <ul>
 *   <li>a planning prompt (system text with {@link ReactPrompts#PLANNER_INTRO}) gets a one-item
 *       plan: the goal's title;
 *   <li>a ReAct prompt (system text with {@link ReactPrompts#REACT_INTRO}) whose last user message
 *       is an {@code Observation:} gets {@code Final Answer:} with the observed value;
 *   <li>a first ReAct turn with arithmetic in the question gets {@code Action: calculator} with the
 *       expression; one asking for the time or date gets {@code Action: current_time}; any other
 *       gets a direct final answer.
 * </ul>
 */
final class SimReact {

  /** A run of arithmetic: numbers joined by operators, with parentheses. */
  private static final Pattern ARITHMETIC =
      Pattern.compile(
          "[(\\s]*-?\\d+(?:\\.\\d+)?[)\\s]*(?:[-+*/×÷^%][(\\s]*-?\\d+(?:\\.\\d+)?[)\\s]*)+");

  private static final Pattern QUESTION = labelled(ReactPrompts.QUESTION_LABEL);
  private static final Pattern GOAL = labelled(ReactPrompts.GOAL_LABEL);
  private static final Pattern TIME =
      Pattern.compile("\\b(time|date|today|clock)\\b", Pattern.CASE_INSENSITIVE);

  private SimReact() {}

  /** The agent reply for {@code prompt}, or empty when it is no agent prompt. */
  static Optional<String> reply(SimPrompt prompt) {
    String system = prompt.systemText();
    if (isPlanning(system)) {
      return Optional.of("1. " + firstLine(goalTitle(prompt.lastUserText())));
    }
    if (!isReact(system)) {
      return Optional.empty();
    }
    String last = prompt.lastUserText().strip();
    if (last.startsWith(ReactPrompts.OBSERVATION_LABEL)) {
      String observed = last.substring(ReactPrompts.OBSERVATION_LABEL.length()).strip();
      if (observed.startsWith("Error:")) {
        return Optional.of(
            "Thought: The tool failed, so I answer with what I know.\nFinal Answer: I could not"
                + " complete the task: "
                + observed.substring("Error:".length()).strip());
      }
      return Optional.of("Thought: I now know the final answer.\nFinal Answer: " + observed);
    }
    String question = question(last);
    String expression = longestArithmetic(question);
    if (expression == null) {
      expression = longestArithmetic(last);
    }
    if (expression != null) {
      return Optional.of(
          "Thought: I should compute "
              + expression
              + " with the calculator.\nAction: calculator\nAction Input: {\"expression\": \""
              + expression
              + "\"}");
    }
    if (TIME.matcher(question).find()) {
      return Optional.of(
          "Thought: I should look at the clock.\nAction: current_time\nAction Input: {}");
    }
    return Optional.of(
        "Thought: I can answer this directly.\nFinal Answer: This is the PonyBunny simulator's"
            + " answer to \u201C"
            + firstLine(question)
            + "\u201D. Configure a real provider for a real answer.");
  }

  /** Whether {@code system} is the agent's planning prompt. */
  static boolean isPlanning(String system) {
    return system.contains(ReactPrompts.PLANNER_INTRO);
  }

  /** Whether {@code system} is the agent's ReAct prompt. */
  static boolean isReact(String system) {
    return system.contains(ReactPrompts.REACT_INTRO);
  }

  /** The text after {@code label} on a line that starts with it. */
  private static Pattern labelled(String label) {
    return Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s*(.+)$");
  }

  /** The longest arithmetic expression in {@code text} (at least one operator), or null. */
  static String longestArithmetic(String text) {
    Matcher m = ARITHMETIC.matcher(text);
    String best = null;
    while (m.find()) {
      String candidate = balance(m.group().strip());
      if (!candidate.matches(".*\\d.*[-+*/×÷^%].*\\d.*")) {
        continue;
      }
      if (best == null || candidate.length() > best.length()) {
        best = candidate;
      }
    }
    return best;
  }

  /** Drops unmatched leading '(' or trailing ')' picked up at the edges. */
  private static String balance(String s) {
    String t = s;
    while (true) {
      long open = t.chars().filter(c -> c == '(').count();
      long close = t.chars().filter(c -> c == ')').count();
      if (open > close && t.startsWith("(")) {
        t = t.substring(1).strip();
      } else if (close > open && t.endsWith(")")) {
        t = t.substring(0, t.length() - 1).strip();
      } else {
        return t;
      }
    }
  }

  private static String question(String text) {
    Matcher m = QUESTION.matcher(text);
    String q = null;
    while (m.find()) {
      q = m.group(1);
    }
    return q != null ? q.strip() : text;
  }

  private static String goalTitle(String text) {
    Matcher m = GOAL.matcher(text);
    return m.find() ? m.group(1).strip() : text.strip();
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    t = nl < 0 ? t : t.substring(0, nl).strip();
    return t.isEmpty() ? "the task" : t;
  }
}
