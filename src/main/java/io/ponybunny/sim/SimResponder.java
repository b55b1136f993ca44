package io.ponybunny.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what the simulated model answers. Deterministic: the same prompt and scenario always give
 * the same reply.
 *
 * <p>This is the one place that decides a reply. Agent prompts (planning and ReAct, recognised by
 * their system text) get the deterministic agent answers of {@link SimReact}; a prompt that ends
 * with a tool result gets text that repeats it (never another tool call, so a client's tool loop
 * ends); every other prompt gets one of the friendly default texts.
 */
public class SimResponder {

  private static final Pattern TOKEN = Pattern.compile("\\s*\\S+");

  /** How many words of a tool result the reply to it repeats. */
  static final int TOOL_RESULT_WORDS = 30;

  private static final String[] TEMPLATES = {
    "**Hello from PonyBunny!** \uD83D\uDC34 You asked: *\u201C{topic}\u201D*. This is the built-in"
        + " simulator answering without any network, so every token you see was streamed"
        + " locally.\n\n- the request reached the gateway\n- the provider adapter parsed each"
        + " frame\n- the reply arrived intact \u2705",
    "Great question about *{topic}*! The PonyBunny simulator, a friendly offline stand-in for a"
        + " real model, says that everything works end to end \u2014 caf\u00E9, na\u00EFve and"
        + " emoji \uD83C\uDF89 included. Ask again and you get the very same answer, because"
        + " simulated replies are deterministic.",
    "Sure, here is a short answer to \u201C{topic}\u201D. **PonyBunny** is running its embedded"
        + " simulator, so this text is produced locally at a steady pace. Switch to a real"
        + " provider for deeper answers, or keep testing streaming here; the fa\u00E7ade is fully"
        + " deterministic.",
    "Thanks for your message about *{topic}*. \uD83D\uDC07 This reply comes from the simulator"
        + " built into PonyBunny: no API key, no network, just tokens streamed one by one. Use a"
        + " model name like `sim-default~tokens=30` to control the length."
  };

  /**
   * The reply for {@code prompt} under {@code scenario}. A prompt that ends with a tool result gets
   * text and no tool call, whatever the scenario's {@code tool}: by default {@link
   * #toolResultText}.
   */
  public SimReply reply(SimPrompt prompt, SimScenario scenario) {
    boolean answersTool = prompt.toolResult() != null;
    List<String> tokens;
    Optional<String> agent =
        scenario.text() == null && scenario.tool() == null && scenario.tokens() == null
            ? SimReact.reply(prompt)
            : Optional.empty();
    if (scenario.echo()) {
      tokens = tokenize(prompt.lastUserText());
    } else if (scenario.text() != null) {
      tokens = tokenize(scenario.text());
    } else if (agent.isPresent()) {
      tokens = tokenize(agent.get());
    } else if (scenario.tool() != null && scenario.tokens() == null && !answersTool) {
      tokens = List.of();
    } else {
      tokens =
          tokenize(
              answersTool
                  ? toolResultText(prompt.toolResult())
                  : defaultText(prompt.lastUserText()));
      if (scenario.tokens() != null) {
        tokens = exactly(tokens, scenario.tokens());
      }
    }
    boolean truncated = false;
    if (prompt.maxTokens() != null && tokens.size() > prompt.maxTokens()) {
      tokens = tokens.subList(0, prompt.maxTokens());
      truncated = true;
    }
    List<SimToolCall> calls = new ArrayList<>();
    if (scenario.tool() != null && !truncated && !answersTool) {
      String id = digest(prompt.lastUserText() + "\u0000" + scenario.tool() + scenario.args());
      calls.add(new SimToolCall(id.substring(0, 24), scenario.tool(), scenario.args()));
    }
    String finish;
    if (scenario.finish() != null) {
      finish = scenario.finish();
    } else if (truncated) {
      finish = "length";
    } else if (!calls.isEmpty()) {
      finish = "tool_calls";
    } else {
      finish = "stop";
    }
    return new SimReply(tokens, calls, finish);
  }

  /** The default friendly reply text mentioning the prompt. */
  public String defaultText(String lastUserText) {
    String template = TEMPLATES[Math.floorMod(lastUserText.hashCode(), TEMPLATES.length)];
    return template.replace("{topic}", topic(lastUserText));
  }

  /**
   * The reply to a tool result: {@code Thanks! The tool returned: <result>}, the result cut after
   * {@value #TOOL_RESULT_WORDS} words.
   */
  public static String toolResultText(String toolResult) {
    String[] words = toolResult.strip().split("\\s+");
    String shown =
        words.length <= TOOL_RESULT_WORDS
            ? String.join(" ", words)
            : String.join(" ", List.of(words).subList(0, TOOL_RESULT_WORDS)) + "\u2026";
    return shown.isEmpty()
        ? "Thanks! The tool returned nothing."
        : "Thanks! The tool returned: " + shown;
  }

  /**
   * Splits text into streaming tokens: each is a run of whitespace followed by a word; trailing
   * whitespace stays on the last token. Concatenating the tokens gives {@code text} back.
   */
  public static List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    int end = 0;
    while (m.find()) {
      out.add(m.group());
      end = m.end();
    }
    if (end < text.length()) {
      if (out.isEmpty()) {
        out.add(text.substring(end));
      } else {
        out.set(out.size() - 1, out.get(out.size() - 1) + text.substring(end));
      }
    }
    return out;
  }

  private static List<String> exactly(List<String> base, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; out.size() < n; i++) {
      String t = base.get(i % base.size());
      if (i >= base.size() && i % base.size() == 0) {
        t = " " + t.stripLeading();
      }
      out.add(t);
    }
    return out;
  }

  private static String topic(String text) {
    String clean = text.replaceAll("[*_`\u201C\u201D\"]", "").strip();
    if (clean.isEmpty()) {
      return "your message";
    }
    String[] words = clean.split("\\s+");
    if (words.length <= 8) {
      return String.join(" ", words);
    }
    return String.join(" ", List.of(words).subList(0, 8)) + "\u2026";
  }

  static String digest(String s) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
