package io.ponybunny.agent.tools;

import jakarta.json.JsonObject;

/**
 * A tool the ReAct agent may call. Implementations are CDI beans; the {@link ToolRegistry} offers
 * every bean to the model, validates arguments against {@link #parameters()} and turns any failure
 * into an observation. Tools must be safe: no shell, no network, no writes outside the goal.
 */
public interface Tool {

  /** The name the model calls, e.g. {@code calculator}. */
  String name();

  /** One sentence for the model: what the tool does and what it returns. */
  String description();

  /** JSON schema ({@code type: object}) of the arguments. */
  JsonObject parameters();

  /**
   * Runs the tool with validated arguments and returns the observation text; throws {@link
   * ToolException} (or any runtime exception) on failure.
   */
  String execute(JsonObject arguments, ToolContext context);
}
