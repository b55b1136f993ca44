package io.ponybunny.broadcast;

import io.ponybunny.broadcast.transport.SessionSender;
import io.ponybunny.event.ChannelEvent;
import java.util.List;

/**
 * Where channels live and their events are numbered: in this JVM ({@link Channels}, a single node)
 * or in Redis with a mirror per instance ({@link ClusterChannels}, cluster mode). Either way a
 * subscriber sees a channel's events with one epoch, a gapless {@code seq} and in one order, and
 * starts with a snapshot or a replay ({@code docs/streaming-protocol.md}).
 */
interface ChannelEngine {

  /** Publishes {@code event} on each of {@code channels}, in that order. */
  void publish(List<String> channels, ChannelEvent event);

  /** Subscribes {@code sender} to channel {@code name}, made if need be. */
  BroadcastChannel.Start subscribe(String name, SessionSender sender, StreamPosition resume);

  /** Removes {@code sender} from channel {@code name}. */
  void unsubscribe(String name, SessionSender sender);

  /**
   * Makes sure the free-form channel {@code name} exists for a subscription of {@code principal};
   * false when the principal holds the most free-form channels allowed.
   */
  boolean claimFree(String name, String principal);

  /** How many free-form channels one principal's subscriptions may keep at once. */
  int maxFreePerPrincipal();

  /**
   * The request ids of the streams of channel {@code name} still streaming whose start named {@code
   * instance} (as far as the channel knows: a cluster reads it from Redis).
   */
  List<String> streamingOn(String name, String instance);

  /** The epoch of channel {@code name}, made if need be. */
  String epoch(String name);

  /** Drops expired replay frames and removes unused channels (on a timer). */
  void sweep();

  /** Stops whatever the engine runs (connections, threads). */
  default void close() {}
}
