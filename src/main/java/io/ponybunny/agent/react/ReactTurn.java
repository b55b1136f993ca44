package io.ponybunny.agent.react;

/**
 * What one model turn said, in ReAct terms.
 *
 * @param kind an action to run, a final answer, or output that follows neither format
 * @param thought the reasoning before the action or answer, or null
 * @param action the tool name (kind ACTION), else null
 * @param actionInput the tool input as written (JSON or plain text, "" when none), else null
 * @param finalAnswer the answer (kind FINAL), else null
 * @param problem why the output is malformed (kind MALFORMED), else null
 */
public record ReactTurn(
    Kind kind,
    String thought,
    String action,
    String actionInput,
    String finalAnswer,
    String problem) {

  /** The three outcomes of parsing. */
  public enum Kind {
    ACTION,
    FINAL,
    MALFORMED
  }

  public static ReactTurn action(String thought, String action, String input) {
    return new ReactTurn(Kind.ACTION, thought, action, input, null, null);
  }

  public static ReactTurn fin(String thought, String answer) {
    return new ReactTurn(Kind.FINAL, thought, null, null, answer, null);
  }

  public static ReactTurn malformed(String thought, String problem) {
    return new ReactTurn(Kind.MALFORMED, thought, null, null, null, problem);
  }
}
