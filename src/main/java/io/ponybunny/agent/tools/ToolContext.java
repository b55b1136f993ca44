package io.ponybunny.agent.tools;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a tool may know about the goal it works for.
 *
 * @param goalId the goal
 * @param scratchpad the goal's read-only key-value notes
 * @param cancelled completes when the goal is cancelled or stopped: a tool call still running then
 *     is abandoned (and interrupted) at once
 */
public record ToolContext(
    String goalId, Map<String, String> scratchpad, CompletionStage<?> cancelled) {

  public ToolContext {
    scratchpad = scratchpad == null ? Map.of() : Map.copyOf(scratchpad);
    cancelled = cancelled == null ? new CompletableFuture<Void>() : cancelled;
  }

  /** A context that is never cancelled. */
  public ToolContext(String goalId, Map<String, String> scratchpad) {
    this(goalId, scratchpad, null);
  }
}
