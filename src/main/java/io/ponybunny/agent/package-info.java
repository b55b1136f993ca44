/**
 * The ReAct agent: goals, their work items, runs and steps with explicit state machines; the {@link
 * io.ponybunny.agent.GoalScheduler} that runs queued goals with bounded concurrency (in cluster
 * mode, the goals this instance claims from the shared database, each exactly once across the
 * cluster); the {@link io.ponybunny.agent.GoalRunner} that plans a goal with a streamed LLM call
 * and runs each work item's {@link io.ponybunny.agent.ReactLoop} within the goal's {@link
 * io.ponybunny.agent.Budget}; and the {@code goal.*}, {@code workitem.status} and {@code run.step}
 * events broadcast on the goal's WebSocket channel.
 */
package io.ponybunny.agent;
