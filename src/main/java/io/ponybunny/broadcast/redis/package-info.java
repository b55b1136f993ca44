/**
 * The Redis side of cluster broadcast: {@link io.ponybunny.broadcast.redis.RedisChannelLog} numbers
 * every channel's events in Redis (one epoch and one gapless seq per channel, shared by all
 * instances), keeps each channel's recent events in a Redis stream for resume, publishes each new
 * event on the channel's pub/sub topic and delivers the followed channels' events to one listener,
 * in Redis's order; appends wait in a bounded queue while Redis is away and go in order when it is
 * back. Key names ({@code ChannelKeys}), the Lua scripts ({@code LogScripts}), the append queue
 * ({@code AppendFlusher}) and the delivery thread ({@code Delivery}) live here; the per-instance
 * channel mirrors and sockets stay in {@code io.ponybunny.broadcast}.
 */
package io.ponybunny.broadcast.redis;
