/**
 * OpenTelemetry for LLM calls and the agent, through MicroProfile Telemetry (off unless the
 * operator enables the SDK, README "Telemetry", ADR 0015): {@link
 * io.ponybunny.telemetry.CallTelemetry} observes every call from outside the call path (a {@link
 * io.ponybunny.llm.call.CallObserver}) as a GenAI {@code chat} span with the GenAI client metrics;
 * {@link io.ponybunny.telemetry.AgentSpans} gives goal runs and work items the spans the calls nest
 * under; {@link io.ponybunny.telemetry.GenAiAttributes} maps calls, routes and outcomes onto the
 * conventions' attributes.
 */
package io.ponybunny.telemetry;
