/**
 * The agent's tools: one {@link io.ponybunny.agent.tools.Tool} interface (name, description, JSON
 * schema), the safe built-ins (calculator, current time, a read-only per-goal scratchpad) and the
 * registry that validates arguments and runs each call on the managed executor within a time limit
 * ({@link io.ponybunny.agent.tools.ToolInvoker}), turning every failure into an observation. No
 * shell or network tool ships.
 */
package io.ponybunny.agent.tools;
