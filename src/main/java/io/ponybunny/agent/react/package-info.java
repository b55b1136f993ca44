/**
 * The ReAct text protocol: the planning and ReAct prompts, and a forgiving parser of the model's
 * {@code Thought:} / {@code Action:} / {@code Action Input:} / {@code Final Answer:} output.
 */
package io.ponybunny.agent.react;
