/**
 * Channels, sequencing, replay and snapshots. The {@link io.ponybunny.broadcast.BroadcastManager}
 * observes every {@link io.ponybunny.event.ChannelEvent} and publishes it on the channels its
 * {@code ChannelRoutes} name (goal, owner, all streams); the live {@code Channels} make and retire
 * each {@code BroadcastChannel}, which numbers events per channel (a {@link
 * io.ponybunny.broadcast.StreamPosition}: epoch + seq), keeps a replay buffer and its streams for
 * snapshots; the {@code ReplaySweeper} expires replay frames and idle channels on a timer; {@link
 * io.ponybunny.broadcast.BroadcastConfig} reads {@code ponybunny.ws.*}. Frames reach the sockets
 * through {@code broadcast.transport}.
 */
package io.ponybunny.broadcast;
