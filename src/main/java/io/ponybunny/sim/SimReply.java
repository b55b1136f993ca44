package io.ponybunny.sim;

import java.util.List;
import java.util.Objects;

/**
 * What the simulated model answers, independent of any wire format.
 *
 * @param tokens the visible text, one streamed delta per element (words with their leading space)
 * @param toolCalls function calls after the text, possibly empty
 * @param finish the neutral finish reason: {@code stop}, {@code length}, {@code tool_calls} or
 *     {@code content_filter}
 */
public record SimReply(List<String> tokens, List<SimToolCall> toolCalls, String finish) {

  public SimReply {
    tokens = List.copyOf(tokens);
    toolCalls = List.copyOf(toolCalls);
    Objects.requireNonNull(finish, "finish");
  }

  /** The full visible text. */
  public String text() {
    return String.join("", tokens);
  }

  /** Output tokens as every wire reports them: text tokens plus argument fragments. */
  public int outputTokens() {
    int n = tokens.size();
    for (SimToolCall c : toolCalls) {
      n += c.argumentFragments().size();
    }
    return n;
  }
}
