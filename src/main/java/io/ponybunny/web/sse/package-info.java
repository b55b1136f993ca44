/**
 * Server-sent events for integrators (MicroProfile and any HTTP client): a completion's own {@code
 * llm.stream.*} events ({@code POST /api/completions} with {@code Accept: text/event-stream},
 * {@link io.ponybunny.web.sse.CallEvents}) and a goal's channel ({@code GET
 * /api/goals/{goalId}/events}, {@code web.rest.GoalEventsResource}), with the same payloads, order
 * and resume contract as the WebSocket ({@code docs/streaming-protocol.md}). One response is an
 * {@link io.ponybunny.web.sse.SseOutput} over JAX-RS's {@code SseEventSink}; {@link
 * io.ponybunny.web.sse.SseHeartbeats} keeps idle ones talking so that a client that went away is
 * noticed within a second. A goal's stream is one more subscriber of its broadcast channel: an
 * {@link io.ponybunny.web.sse.SseWire} under the broadcast's per-subscriber sender (queue bound,
 * pacing, send timeout, closes), its WebSocket frames turned into events by {@link
 * io.ponybunny.web.sse.SseFrames}.
 */
package io.ponybunny.web.sse;
