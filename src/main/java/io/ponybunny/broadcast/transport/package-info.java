/**
 * Getting frames onto one socket: a {@link io.ponybunny.broadcast.transport.SessionSender} per
 * socket with one bounded queue and at most one send in flight, the writer pool and write modes,
 * and the broadcast's metrics.
 */
package io.ponybunny.broadcast.transport;
