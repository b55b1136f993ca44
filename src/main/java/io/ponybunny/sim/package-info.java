/**
 * The built-in provider simulator: JAX-RS resources under {@code /sim} that speak the exact HTTP
 * wire formats of OpenAI (Chat Completions and Responses), Anthropic Messages, Google Gemini and
 * Ollama, so the real provider adapters run end to end without a network. What to answer comes from
 * {@link io.ponybunny.sim.SimResponder}; pure wire encoders ({@code *Wire}) turn a {@link
 * io.ponybunny.sim.SimReply} into frames; {@link io.ponybunny.sim.SimPacer} writes them with
 * token-rate pacing and the faults a {@link io.ponybunny.sim.SimScenario} (parsed from the model
 * name, e.g. {@code sim-default~tokens=30~tps=200}) asks for; {@link io.ponybunny.sim.SimRecorder}
 * keeps per-scenario observations for tests at {@code /sim/requests/{id}}.
 */
package io.ponybunny.sim;
