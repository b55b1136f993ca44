package io.ponybunny.llm.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes anything that looks like a credential from provider messages before they reach a client,
 * a log or an event: {@code Bearer} tokens, OpenAI and Anthropic keys (also the masked {@code
 * sk-abc***xyz} OpenAI echoes in 401s), Google {@code AIza} keys, PonyBunny {@code pb_} keys, long
 * hexadecimal runs and long base64 runs that mix upper case, lower case and digits (as random
 * secrets do, and model names and words do not).
 */
public final class Redaction {

  /** What a redacted token becomes. */
  public static final String MARK = "[redacted]";

  private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[^\\s\"',;]+");
  private static final Pattern KNOWN =
      Pattern.compile(
          "(?:\\bsk-[A-Za-z0-9_\\-*.]*[A-Za-z0-9_\\-*]"
              + "|\\bAIza[0-9A-Za-z_\\-]{8,}"
              + "|\\bpb_[A-Za-z0-9_\\-]{6,}"
              + "|(?<![A-Za-z0-9])[0-9a-fA-F]{32,}(?![A-Za-z0-9]))");
  private static final Pattern RUN = Pattern.compile("[A-Za-z0-9+/_\\-]{32,}={0,2}");

  private Redaction() {}

  /** {@code text} with every key-like token replaced by {@link #MARK}; null stays null. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String s = BEARER.matcher(text).replaceAll("$1 " + Matcher.quoteReplacement(MARK));
    s = KNOWN.matcher(s).replaceAll(Matcher.quoteReplacement(MARK));
    Matcher m = RUN.matcher(s);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      if (randomLooking(m.group())) {
        if (out == null) {
          out = new StringBuilder(s.length());
        }
        out.append(s, last, m.start()).append(MARK);
        last = m.end();
      }
    }
    if (out == null) {
      return s;
    }
    return out.append(s, last, s.length()).toString();
  }

  private static boolean randomLooking(String run) {
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    for (int i = 0; i < run.length(); i++) {
      char c = run.charAt(i);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
    }
    return upper && lower && digit;
  }
}
