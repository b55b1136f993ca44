package io.ponybunny.broadcast;

/**
 * A position in a channel's stream of events: the channel incarnation's {@code epoch} and the
 * {@code seq} of an event in it. A snapshot is taken at one; a client resumes from the last one it
 * saw ({@code ?epoch=E&since=S}), which the channel can serve only within the same epoch.
 */
public record StreamPosition(String epoch, long seq) {}
