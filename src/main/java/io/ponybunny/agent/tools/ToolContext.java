package io.ponybunny.agent.tools;

import java.util.Map;

/**
 * What a tool may know about the goal it works for.
 *
 * @param goalId the goal
 * @param scratchpad the goal's read-only key-value notes
 */
public record ToolContext(String goalId, Map<String, String> scratchpad) {

  public ToolContext {
    scratchpad = scratchpad == null ? Map.of() : Map.copyOf(scratchpad);
  }
}
