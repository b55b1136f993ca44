package io.ponybunny.llm.provider;

import io.ponybunny.llm.api.InvalidModelException;
import java.util.regex.Pattern;

/**
 * The model names a protocol sends. A name outside its protocol's grammar is refused with {@link
 * InvalidModelException} before any request is built, so nothing a client sends can change the
 * host, path or query of an upstream request.
 *
 * @param pattern the whole name must match it
 * @param description the grammar in words, for error messages
 */
public record ModelGrammar(Pattern pattern, String description) {

  /**
   * Names that travel inside a JSON body (OpenAI, OpenAI Responses, Anthropic, Ollama): provider
   * ids such as {@code ft:gpt-4o-mini:org:x:id} or {@code hf.co/org/repo:Q4_K_M}, and the
   * simulator's {@code name~key=value} scenarios with their URL-encoded values.
   */
  public static final ModelGrammar JSON_BODY =
      new ModelGrammar(
          Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+~=%*!'(),-]{0,255}"),
          "1-256 characters: a letter or digit, then letters, digits and . _ : / @ + ~ = % * ! '"
              + " ( ) , -");

  /**
   * Names that become one URL path segment (Gemini's {@code models/{model}:method}): no {@code /},
   * {@code ?}, {@code #}, {@code %}, {@code :}, whitespace or {@code ..}, so the name stays within
   * its segment.
   */
  public static final ModelGrammar PATH_SEGMENT =
      new ModelGrammar(
          Pattern.compile("(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._~=*!'(),+-]{0,127}"),
          "1-128 characters: a letter or digit, then letters, digits and . _ ~ = * ! ' ( ) , + -"
              + " (no '..')");

  /** Whether {@code model} is in this grammar. */
  public boolean accepts(String model) {
    return model != null && pattern.matcher(model).matches();
  }

  /** Throws {@link InvalidModelException} unless {@code model} is in this grammar. */
  public void check(String endpointId, String model) {
    if (!accepts(model)) {
      throw new InvalidModelException(
          "model name for endpoint '"
              + endpointId
              + "' must be "
              + description
              + "; got "
              + quoted(model));
    }
  }

  /** The name quoted for a message: cut to 64 characters, control characters escaped. */
  static String quoted(String model) {
    if (model == null) {
      return "nothing";
    }
    StringBuilder sb = new StringBuilder("'");
    int n = Math.min(model.length(), 64);
    for (int i = 0; i < n; i++) {
      char c = model.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('\'');
    if (model.length() > n) {
      sb.append(" (").append(model.length()).append(" characters)");
    }
    return sb.toString();
  }
}
