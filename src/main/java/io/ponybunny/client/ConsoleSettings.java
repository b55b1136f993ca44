package io.ponybunny.client;

/**
 * What the console needs of the server's settings: {@code stallAfterMs}, how long a streaming
 * answer may stay silent before the console marks it stalled ({@code
 * ponybunny.console.stall-after-ms}), and {@code timingsMaxChunks}, how many chunk timings a stream
 * record keeps at most ({@code ponybunny.streams.timings.max-chunks}).
 */
public record ConsoleSettings(long stallAfterMs, int timingsMaxChunks) {}
