package io.ponybunny.agent.react;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a model's text in the ReAct format ({@code Thought:}, {@code Action:}, {@code Action
 * Input:}, {@code Final Answer:}) robustly: labels in any case, with markdown emphasis or list
 * markers, inputs in code fences, {@code tool[input]} actions, and a hallucinated {@code
 * Observation:} (everything from it on is ignored). Output with neither an action nor a final
 * answer is {@link ReactTurn.Kind#MALFORMED}, never an exception.
 */
public final class ReactParser {

  private static final Pattern LABEL =
      Pattern.compile(
          "(?im)^[ \\t>*_#-]*(thought|action\\s*input|action|observation|final\\s*answer)[ \\t]*"
              + "[*_]*[ \\t]*:[ \\t]*[*_]*");
  private static final Pattern BRACKET_ACTION =
      Pattern.compile("^([A-Za-z_][A-Za-z0-9_.-]*)\\s*[\\[(](.*)[\\])]$", Pattern.DOTALL);
  private static final Pattern FENCE =
      Pattern.compile("^```[A-Za-z0-9_-]*\\s*\\n?(.*?)\\n?```$", Pattern.DOTALL);

  private ReactParser() {}

  private record Section(String label, String text) {}

  /** Parses one model turn. */
  public static ReactTurn parse(String output) {
    if (output == null || output.isBlank()) {
      return ReactTurn.malformed(null, "the model answered nothing");
    }
    List<Section> sections = sections(output);
    String thought = null;
    String action = null;
    String input = null;
    String answer = null;
    for (Section s : sections) {
      switch (s.label()) {
        case "thought" -> {
          if (thought == null && action == null && answer == null) {
            thought = blankToNull(s.text());
          }
        }
        case "action" -> {
          if (action == null && answer == null) {
            action = s.text();
          }
        }
        case "actioninput" -> {
          if (action != null && input == null && answer == null) {
            input = s.text();
          }
        }
        case "finalanswer" -> {
          if (action == null && answer == null) {
            answer = s.text();
          }
        }
        default -> {
          // text before any label: an unlabelled thought
          if (thought == null && s.label().isEmpty()) {
            thought = blankToNull(s.text());
          }
        }
      }
      if ("observation".equals(s.label()) && (action != null || answer != null)) {
        break; // the model imagined the observation; stop reading
      }
    }
    if (action != null) {
      String name = unquote(firstLine(action));
      String rest = action.contains("\n") ? action.substring(action.indexOf('\n') + 1).strip() : "";
      Matcher m = BRACKET_ACTION.matcher(name);
      if (m.matches()) {
        name = m.group(1);
        if (input == null) {
          input = m.group(2).strip();
        }
      }
      if (name.isEmpty()) {
        return ReactTurn.malformed(thought, "'Action:' names no tool");
      }
      if (input == null) {
        input = rest;
      }
      return ReactTurn.action(thought, name, unfence(input));
    }
    if (answer != null) {
      if (answer.isBlank()) {
        return ReactTurn.malformed(thought, "'Final Answer:' is empty");
      }
      return ReactTurn.fin(thought, answer.strip());
    }
    return ReactTurn.malformed(
        thought, "the output has neither 'Action:' with 'Action Input:' nor 'Final Answer:'");
  }

  private static List<Section> sections(String output) {
    String text = output.replace("\r\n", "\n");
    List<Section> out = new ArrayList<>();
    Matcher m = LABEL.matcher(text);
    int pos = 0;
    String label = "";
    while (m.find()) {
      out.add(new Section(label, text.substring(pos, m.start()).strip()));
      label = m.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
      pos = m.end();
    }
    out.add(new Section(label, text.substring(pos).strip()));
    return out;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  private static String unquote(String s) {
    String t = s.strip();
    while (t.length() >= 2
        && ((t.startsWith("`") && t.endsWith("`"))
            || (t.startsWith("\"") && t.endsWith("\""))
            || (t.startsWith("'") && t.endsWith("'"))
            || (t.startsWith("*") && t.endsWith("*")))) {
      t = t.substring(1, t.length() - 1).strip();
    }
    return t;
  }

  private static String unfence(String s) {
    String t = s.strip();
    Matcher m = FENCE.matcher(t);
    if (m.matches()) {
      return m.group(1).strip();
    }
    if (t.length() >= 2 && t.startsWith("`") && t.endsWith("`") && !t.startsWith("``")) {
      return t.substring(1, t.length() - 1).strip();
    }
    return t;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
