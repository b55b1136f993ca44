/**
 * The ReAct text protocol: the planning and ReAct prompts (with the markers they promise, by which
 * the simulator recognises them), and a forgiving parser of the model's {@code Thought:} / {@code
 * Action:} / {@code Action Input:} / {@code Final Answer:} output.
 */
package io.ponybunny.agent.react;
