/**
 * Channels, sequencing and replay: the {@link io.ponybunny.broadcast.BroadcastManager} observes
 * every {@link io.ponybunny.event.ChannelEvent}, numbers it per channel (epoch + seq), keeps a
 * replay buffer and each channel's streams for snapshots, and hands frames to the sockets through
 * {@code broadcast.transport}.
 */
package io.ponybunny.broadcast;
