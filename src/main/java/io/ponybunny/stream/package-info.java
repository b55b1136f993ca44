/**
 * The live side of LLM calls: the sealed {@link io.ponybunny.stream.StreamEvent} records fired as
 * CDI async events ({@code llm.stream.start / chunk / end / error}), the publisher that keeps each
 * request's events in order, and the {@link io.ponybunny.stream.BroadcastManager} that numbers them
 * per channel and fans them out to WebSocket subscribers, each through a {@link
 * io.ponybunny.stream.SessionSender} with one bounded queue and at most one send in flight.
 */
package io.ponybunny.stream;
