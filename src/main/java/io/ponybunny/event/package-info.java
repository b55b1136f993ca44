/**
 * The events every live view is made of: the sealed {@link io.ponybunny.event.StreamEvent} records
 * ({@code llm.stream.start / chunk / end / error}) and the {@link io.ponybunny.event.ChannelEvent}
 * frame contract they share with the agent's events; {@link
 * io.ponybunny.event.StreamEventPublisher} fires them as CDI async events, in order per request
 * through one {@link io.ponybunny.event.SerialExecutor} lane each. A call's {@link
 * io.ponybunny.event.StreamOrigin} (goal, work item, run), filled by whoever starts the call,
 * travels through the LLM layer unread into its events. The broadcast and the stream history
 * observe them.
 */
package io.ponybunny.event;
