/**
 * Getting frames onto the sockets (and onto goal channels' server-sent event streams: a subscriber
 * is a {@link io.ponybunny.broadcast.transport.Wire}, a WebSocket session's or an event stream's).
 * Per socket, a {@link io.ponybunny.broadcast.transport.SessionSender} with at most one send in
 * flight holds its parts together: the bounded {@code FrameQueue}, the {@code Batcher}, the {@code
 * Pacer}, the {@code SessionWriter} (blocking or asynchronous send) and the {@code SessionCloser}
 * (4008 and 1001 closes, written off the caller's thread). Shared by all sockets: the writers
 * ({@link io.ponybunny.broadcast.transport.SocketWriters}, {@link
 * io.ponybunny.broadcast.transport.WriterPool}) and the broadcast's metrics. Nothing here depends
 * on {@code broadcast}: frames arrive encoded.
 */
package io.ponybunny.broadcast.transport;
