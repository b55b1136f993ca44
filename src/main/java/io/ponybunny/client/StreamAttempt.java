package io.ponybunny.client;

/**
 * One failed attempt of a streaming call before the attempt that serves it: a retry on the same
 * endpoint or a fallback to the next, as {@code llm.stream.start}'s {@code attempts} and a stream
 * record carry them ({@code docs/streaming-protocol.md}), so a slow start explains itself. Its JSON
 * form is {@code io.ponybunny.event.AttemptsJson}.
 *
 * @param provider the endpoint tried
 * @param atMs when the attempt failed, in milliseconds after the stream's start
 * @param status the HTTP status it was answered with; null for a connection failure, a timeout or a
 *     broken stream
 * @param error the error type ({@code rate_limited}, {@code server_error}, {@code
 *     connection_error}, {@code stream_broken}, {@code timeout}, ...)
 * @param retryAfterMs the wait the provider asked for ({@code Retry-After}), null when it named
 *     none
 * @param waitMs how long the call waited before its next attempt; null when it went on at once
 */
public record StreamAttempt(
    String provider, long atMs, Integer status, String error, Long retryAfterMs, Long waitMs) {

  /** The same attempt, followed by a wait of {@code millis} before the next one. */
  public StreamAttempt waited(long millis) {
    return new StreamAttempt(provider, atMs, status, error, retryAfterMs, millis);
  }
}
