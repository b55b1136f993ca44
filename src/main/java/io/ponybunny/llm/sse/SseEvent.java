package io.ponybunny.llm.sse;

/**
 * One dispatched server-sent event.
 *
 * @param type the event type, {@code message} when the stream gave none
 * @param data the data lines joined with {@code \n}
 * @param id the last event id seen so far in the stream, null when none
 */
public record SseEvent(String type, String data, String id) {}
